import type { Channel } from '../shared/channel';
import type { DomainEvent } from '../shared/domain-event';
import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';
import type { NumberReleaseReason } from './commands';

/** Annex 5: the result of the service, a number connected to an account that had none. */
export type NumberConnected = DomainEvent<
  'NumberConnected',
  {
    readonly iin: Iin;
    readonly phone: Msisdn;
    readonly requestId: string;
    readonly channel: Channel;
    readonly at: Instant;
  }
>;

/** Rules §7-8: the account's number replaced by another (a change, or a bank's number confirmed). */
export type NumberChanged = DomainEvent<
  'NumberChanged',
  {
    readonly iin: Iin;
    readonly from: Msisdn;
    readonly to: Msisdn;
    readonly requestId: string;
    readonly channel: Channel;
    readonly at: Instant;
  }
>;

/** SPEC R11: the account lost its number, and why. */
export type NumberReleased = DomainEvent<
  'NumberReleased',
  {
    readonly iin: Iin;
    readonly phone: Msisdn;
    readonly reason: NumberReleaseReason;
    readonly byRequestId: string;
    readonly at: Instant;
  }
>;

export type NumberLinkEvent = NumberConnected | NumberChanged | NumberReleased;

export const NUMBER_LINK_EVENT_SCHEMA_VERSIONS: Readonly<Record<NumberLinkEvent['type'], number>> = {
  NumberConnected: 1,
  NumberChanged: 1,
  NumberReleased: 1,
};
