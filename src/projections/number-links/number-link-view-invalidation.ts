import type { RecordedEvent } from '../../application/ports/event-store';
import type { LinkViewCache } from '../../application/find-number-link/link-view-cache';
import type { NumberLinkEvent } from '../../domain/number-link/events';
import type { Iin } from '../../domain/shared/iin';
import type { Projection } from '../runtime/projection';
import type { NumberLinkView } from './number-link-view';

export type NumberLinkViewCache = LinkViewCache<Iin, NumberLinkView>;

/**
 * Issue 11 item 7: keeps an in-process cache of the view right. The cache is used only while this
 * process applies the projection, and every committed batch drops the accounts it touched and, through
 * the numbers it names, any account a connected number was taken from (SPEC R11).
 */
export function invalidating(cache: NumberLinkViewCache): Pick<Projection, 'onActive' | 'onCommitted'> {
  return {
    onActive: (active) => cache.setActive(active),
    onCommitted: (events) => {
      const touched = events.map(asNumberLinkEvent);
      cache.invalidate(
        touched.map((event) => event.data.iin),
        touched.flatMap(phonesOf),
      );
    },
  };
}

// The runtime hands over only the types the projection names in `handles`.
const asNumberLinkEvent = (event: RecordedEvent): NumberLinkEvent =>
  ({ type: event.type, data: event.data }) as NumberLinkEvent;

function phonesOf(event: NumberLinkEvent): string[] {
  return event.type === 'NumberChanged' ? [event.data.from, event.data.to] : [event.data.phone];
}
