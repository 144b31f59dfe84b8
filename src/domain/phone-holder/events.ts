import type { DomainEvent } from '../shared/domain-event';
import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';

/**
 * SPEC R11: the number is claimed by `iin`. `previousIin`, when present, is the account that held it
 * before and must now be released (number-link `ReleaseNumber`).
 */
export type NumberClaimed = DomainEvent<
  'NumberClaimed',
  {
    readonly phone: Msisdn;
    readonly iin: Iin;
    readonly requestId: string;
    readonly previousIin?: Iin;
    readonly at: Instant;
  }
>;

export type PhoneHolderEvent = NumberClaimed;

export const PHONE_HOLDER_EVENT_SCHEMA_VERSIONS: Readonly<Record<PhoneHolderEvent['type'], number>> = {
  NumberClaimed: 1,
};
