import type { NumberLinkEvent } from '../../domain/number-link/events';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { Projection, ProjectedEvent } from '../runtime/projection';
import { foldNumberLinkBatch, type NumberLinkBatch } from './fold-number-link-batch';
import { numberLinksMigrations } from './number-links-migrations';
import { numberLinksRebuild } from './number-links-rebuild';
import { keepingRight, type NumberLinkViewCache } from './number-link-view-invalidation';

export const NUMBER_LINKS_PROJECTION = 'number_links';

export const NUMBER_LINK_EVENT_TYPES: readonly NumberLinkEvent['type'][] = [
  'NumberConnected',
  'NumberChanged',
  'NumberReleased',
];

// The batch travels as one array per column: `unnest` of bound arrays is estimated at their length,
// so each statement finds its few rows through an index (a set-returning function estimated at 100
// rows made the planner hash whole tables on every batch).

// Ends the connections earlier batches left open (through the index of open connections), before
// the batch's own are added: the index allows one open connection per account at any time.
const END_CONNECTIONS = `
UPDATE number_link_history h SET released_at = e.released_at, reason = e.reason
  FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS e(iin, released_at, reason)
 WHERE h.iin = e.iin AND h.released_at IS NULL`;

const ADD_CONNECTIONS = `
INSERT INTO number_link_history (iin, revision, phone, connected_at, channel, request_id, released_at, reason)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[],
  $7::timestamptz[], $8::text[])`;

// SPEC R11: a number the batch connects leaves whichever account still holds it (whose release may
// come in a later event), at the batch's first connection of it, through the index of held numbers.
// It runs before the upsert, so the unique index, checked row by row, never sees a number twice:
// afterwards no row holds a number the batch connects, and the batch gives each number to one account
// at most.
const TAKE_NUMBERS = `
UPDATE number_links l
   SET phone = NULL, connected_at = NULL, channel = NULL, request_id = NULL, updated_at = t.connected_at
  FROM unnest($1::text[], $2::timestamptz[]) AS t(phone, connected_at)
 WHERE l.phone = t.phone AND l.phone IS NOT NULL`;

const UPSERT_LINKS = `
INSERT INTO number_links (iin, phone, connected_at, channel, request_id, updated_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::timestamptz[])
ON CONFLICT (iin) DO UPDATE SET phone = excluded.phone, connected_at = excluded.connected_at,
  channel = excluded.channel, request_id = excluded.request_id, updated_at = excluded.updated_at`;

/**
 * SPEC §5: the number-link view, by IIN and by number, with history (queries in
 * `number-link-queries.ts`). Each batch is folded in memory, then written with at most four multi-row statements, two per table.
 * With a view cache, the batch then reads the views it left, in one more statement, for the cache.
 */
export function createNumberLinksProjection(cache?: NumberLinkViewCache): Projection<NumberLinkEvent> {
  return {
    name: NUMBER_LINKS_PROJECTION,
    handles: NUMBER_LINK_EVENT_TYPES,
    migrations: numberLinksMigrations,
    tables: ['number_link_history', 'number_links'],
    apply: applyNumberLinkEvents,
    rebuildInOnePass: numberLinksRebuild,
    ...(cache ? keepingRight(cache, applyNumberLinkEvents) : {}),
  };
}

async function applyNumberLinkEvents(
  tx: SqlExecutor,
  events: readonly ProjectedEvent<NumberLinkEvent>[],
): Promise<void> {
  const batch = foldNumberLinkBatch(events.map((event) => ({ event, revision: Number(event.revision) })));
  await writeBatch(tx, batch);
}

async function writeBatch(tx: SqlExecutor, batch: NumberLinkBatch): Promise<void> {
  const { ended, opened, links, taken } = batch;
  if (ended.length > 0)
    await tx.query(END_CONNECTIONS, [
      ended.map((e) => e.iin),
      ended.map((e) => e.releasedAt),
      ended.map((e) => e.reason),
    ]);
  if (opened.length > 0)
    await tx.query(ADD_CONNECTIONS, [
      opened.map((o) => o.iin),
      opened.map((o) => o.revision),
      opened.map((o) => o.phone),
      opened.map((o) => o.connectedAt),
      opened.map((o) => o.channel),
      opened.map((o) => o.requestId),
      opened.map((o) => o.releasedAt),
      opened.map((o) => o.reason),
    ]);
  if (taken.length > 0) await tx.query(TAKE_NUMBERS, [taken.map((t) => t.phone), taken.map((t) => t.at)]);
  if (links.length > 0)
    await tx.query(UPSERT_LINKS, [
      links.map((l) => l.iin),
      links.map((l) => l.phone),
      links.map((l) => l.connectedAt),
      links.map((l) => l.channel),
      links.map((l) => l.requestId),
      links.map((l) => l.updatedAt),
    ]);
}
