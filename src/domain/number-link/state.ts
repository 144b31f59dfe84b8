import type { Channel } from '../shared/channel';
import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';
import type { NumberReleaseReason } from './commands';
import type { NumberLinkEvent } from './events';

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

export function evolveNumberLink(state: NumberLinkState, event: NumberLinkEvent): NumberLinkState {
  switch (event.type) {
    case 'NumberConnected':
    case 'NumberChanged': {
      const { iin, requestId, channel, at } = event.data;
      const phone = event.type === 'NumberConnected' ? event.data.phone : event.data.to;
      const entry: LinkHistoryEntry = { phone, connectedAt: at, channel, requestId };
      return { iin, current: entry, history: [entry, ...endCurrent(state, at, 'number_changed')] };
    }
    case 'NumberReleased':
      return { ...state, current: null, history: endCurrent(state, event.data.at, event.data.reason) };
  }
}

function endCurrent(state: NumberLinkState, at: Instant, reason: LinkEndReason): readonly LinkHistoryEntry[] {
  const [latest, ...older] = state.history;
  if (state.current === null || latest === undefined) return state.history;
  return [{ ...latest, releasedAt: at, reason }, ...older];
}
