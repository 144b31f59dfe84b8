import type { LinkViewCache } from '../../application/find-number-link/link-view-cache';
import type { NumberLinkEvent } from '../../domain/number-link/events';
import type { Iin } from '../../domain/shared/iin';
import type { ProjectedEvent, Projection } from '../runtime/projection';
import type { NumberLinkView } from './number-link-view';

export type NumberLinkViewCache = LinkViewCache<Iin, NumberLinkView>;

/**
 * Issue 11 item 7: keeps an in-process cache of the view right. The cache is used only while this
 * process applies the projection, and every committed batch drops the accounts it touched and, through
 * the numbers it names, any account a connected number was taken from (SPEC R11).
 */
export function invalidating(
  cache: NumberLinkViewCache,
): Pick<Projection<NumberLinkEvent>, 'onActive' | 'onCommitted'> {
  return {
    onActive: (active) => cache.setActive(active),
    onCommitted: (events) => {
      cache.invalidate(
        events.map((event) => event.data.iin),
        events.flatMap(phonesOf),
      );
    },
  };
}

function phonesOf(event: ProjectedEvent<NumberLinkEvent>): string[] {
  return event.type === 'NumberChanged' ? [event.data.from, event.data.to] : [event.data.phone];
}
