import type { Instant } from '../shared/instant';
import type { NumberLinkEvent } from './number-link-events';
import type { LinkEndReason, LinkHistoryEntry, NumberLinkState } from './number-link-state';

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
