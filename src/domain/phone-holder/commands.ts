import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';

/** SPEC R11: the citizen of `requestId` proved possession of the number; it is theirs now. */
export interface ClaimNumber {
  readonly type: 'ClaimNumber';
  readonly phone: Msisdn;
  readonly iin: Iin;
  readonly requestId: string;
  /** The confirmation's instant (`NumberConfirmed.confirmedAt`): the last proof of possession wins. */
  readonly at: Instant;
}

export type PhoneHolderCommand = ClaimNumber;
