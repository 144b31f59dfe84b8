import type { Channel } from '../shared/channel';
import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';

/** After `NumberConfirmed` (and the number's claim): connect the number, replacing any other (Rules §5-8). */
export interface ConnectNumber {
  readonly type: 'ConnectNumber';
  readonly iin: Iin;
  readonly phone: Msisdn;
  readonly requestId: string;
  readonly channel: Channel;
  /** The confirmation's instant (`NumberConfirmed.confirmedAt`), not the append's: it orders late retries. */
  readonly at: Instant;
}

/** Why an account loses its number other than by changing it (SPEC R11: operators recycle numbers). */
export type NumberReleaseReason = 'number_moved_to_another_account';

/**
 * SPEC R11: release the number from this account because another citizen proved possession of it.
 * `holder` is who holds the number now by the phone-holder stream: a late retry after the number came
 * back to this account must not release it again.
 */
export interface ReleaseNumber {
  readonly type: 'ReleaseNumber';
  readonly iin: Iin;
  readonly phone: Msisdn;
  readonly reason: NumberReleaseReason;
  readonly byRequestId: string;
  readonly holder: Iin | null;
  readonly at: Instant;
}

export type NumberLinkCommand = ConnectNumber | ReleaseNumber;
