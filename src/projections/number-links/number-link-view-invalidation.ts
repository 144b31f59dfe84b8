import type { LinkViewCache } from '../../application/find-number-link/link-view-cache';
import type { NumberLinkEvent } from '../../domain/number-link/events';
import type { Iin } from '../../domain/shared/iin';
import type { ProjectedEvent, Projection } from '../runtime/projection';
import { findLinksByIins } from './number-link-queries';
import type { NumberLinkView } from './number-link-view';

export type NumberLinkViewCache = LinkViewCache<Iin, NumberLinkView>;

/**
 * Issue 11 item 7: keeps an in-process cache of the view right. The cache is used only while this
 * process applies the projection, and every committed batch drops the accounts it touched and, through
 * the numbers it names, any account a connected number was taken from (SPEC R11). The accounts it
 * touched are read again in its own transaction, after its writes (one statement a batch), and kept
 * once it commits: a citizen's number is read from memory from the moment it is connected.
 */
export function keepingRight(
  cache: NumberLinkViewCache,
  apply: Projection<NumberLinkEvent>['apply'],
): Pick<Projection<NumberLinkEvent>, 'apply' | 'onActive' | 'onCommitted' | 'onTablesSwapped'> {
  /** The views the batch in progress left, read in its transaction: kept once it commits. */
  let changed: ReadonlyMap<Iin, NumberLinkView> | undefined;
  return {
    apply: async (tx, events) => {
      await apply(tx, events);
      changed = cache.keepsViews ? await findLinksByIins(tx, events.map(iinOf)) : undefined;
    },
    onActive: (active) => {
      changed = undefined;
      cache.setActive(active);
    },
    onCommitted: (events) => {
      cache.invalidate(events.map(iinOf), events.flatMap(phonesOf), changed);
      changed = undefined;
    },
    // A repair by `numlink projections rebuild` changes views that no event changed.
    onTablesSwapped: () => cache.forgetAll(),
  };
}

const iinOf = (event: ProjectedEvent<NumberLinkEvent>): Iin => event.data.iin;

function phonesOf(event: ProjectedEvent<NumberLinkEvent>): string[] {
  return event.type === 'NumberChanged' ? [event.data.from, event.data.to] : [event.data.phone];
}
