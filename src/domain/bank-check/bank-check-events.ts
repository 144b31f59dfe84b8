import type { ConsentRecorded } from '../number-request/number-request-events';
import type { DomainEvent } from '../shared/domain-event';
import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';

/** Rules §7: the number a bank holds is the one connected to the account; nothing changes. */
export type BankNumberMatched = DomainEvent<
  'BankNumberMatched',
  {
    readonly checkId: string;
    readonly iin: Iin;
    readonly phone: Msisdn;
    readonly bankId: string;
    readonly principal: string;
    readonly at: Instant;
  }
>;

export type BankCheckEvent = ConsentRecorded | BankNumberMatched;

export const BANK_CHECK_EVENT_SCHEMA_VERSIONS: Readonly<Record<BankNumberMatched['type'], number>> = {
  BankNumberMatched: 1,
};

export const bankCheckStreamId = (checkId: string): string => `bank-check-${checkId}`;
