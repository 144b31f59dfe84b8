import type { Listening, SqlDatabase } from '../../infrastructure/sql/sql-database';
import { TABLES_SWAPPED_CHANNEL } from '../runtime/shadow-tables';
import { NUMBER_LINKS_PROJECTION } from './number-links-projection';
import type { NumberLinkViewCache } from './number-link-view-invalidation';

/**
 * Rebuilt number-link tables swapped in (`numlink projections rebuild` from another process, which
 * repairs rows no event changed) would leave the cache answering the views it read before: it forgets
 * them all when told, and also whenever the listening connection comes back (a notice may have been
 * missed meanwhile). PGlite: one process owns the data, and its own rebuild stops the projection,
 * which empties the cache already.
 */
export function forgetSwappedViews(db: SqlDatabase, cache: NumberLinkViewCache): Promise<Listening> {
  return db.listen(TABLES_SWAPPED_CHANNEL, (projection) => {
    if (projection === undefined || projection === NUMBER_LINKS_PROJECTION) cache.forgetAll();
  });
}
