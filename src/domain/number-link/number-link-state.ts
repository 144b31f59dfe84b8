import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';
import type { Channel } from '../number-request/channel';
import type { NumberReleaseReason } from './number-link-commands';

/** Why a connection ended: the citizen changed the number, or it was released (SPEC R11). */
export type LinkEndReason = 'number_changed' | NumberReleaseReason;

/** One number's time on the account (SPEC §4 link history). */
export interface LinkHistoryEntry {
  readonly phone: Msisdn;
  readonly connectedAt: Instant;
  readonly channel: Channel;
  readonly requestId: string;
  readonly releasedAt?: Instant;
  readonly reason?: LinkEndReason;
}

export interface NumberLinkState {
  readonly iin: Iin | null;
  /** The connected number (the first history entry while it is not released), or `null`. */
  readonly current: LinkHistoryEntry | null;
  /** Newest first. */
  readonly history: readonly LinkHistoryEntry[];
}

export const initialNumberLinkState: NumberLinkState = { iin: null, current: null, history: [] };
