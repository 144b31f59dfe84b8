import type { RecordedEvent } from '../../application/ports/event-store';
import type { NumberLinkEvent } from '../../domain/number-link/events';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { Projection } from '../runtime/projection';
import { foldNumberLinkBatch, type LinkRow, type NumberLinkBatch } from './fold-number-link-batch';
import { numberLinksMigrations } from './number-links-migrations';

export const NUMBER_LINKS_PROJECTION = 'number_links';

export const NUMBER_LINK_EVENT_TYPES: readonly NumberLinkEvent['type'][] = [
  'NumberConnected',
  'NumberChanged',
  'NumberReleased',
];

// Ends the connections earlier batches left open (through the index of open connections), before
// the batch's own are added: the index allows one open connection per account at any time.
const END_CONNECTIONS = `
UPDATE number_link_history h SET released_at = e.released_at, reason = e.reason
  FROM jsonb_to_recordset($1::jsonb) AS e(iin text, released_at timestamptz, reason text)
 WHERE h.iin = e.iin AND h.released_at IS NULL`;

const ADD_CONNECTIONS = `
INSERT INTO number_link_history (iin, revision, phone, connected_at, channel, request_id, released_at, reason)
SELECT o.iin, o.revision, o.phone, o.connected_at, o.channel, o.request_id, o.released_at, o.reason
  FROM jsonb_to_recordset($1::jsonb) AS o(iin text, revision bigint, phone text, connected_at timestamptz,
    channel text, request_id text, released_at timestamptz, reason text)`;

// SPEC R11: a number the batch connects leaves whichever account still holds it (whose release may
// come in a later event). It runs between the two upserts: the accounts the batch leaves without a
// number have let theirs go already, and the unique index, checked row by row, never sees a number twice.
const TAKE_NUMBERS = `
UPDATE number_links l
   SET phone = NULL, connected_at = NULL, channel = NULL, request_id = NULL, updated_at = t.connected_at
  FROM jsonb_to_recordset($1::jsonb) AS t(phone text, connected_at timestamptz)
 WHERE l.phone = t.phone`;

const UPSERT_LINKS = `
INSERT INTO number_links (iin, phone, connected_at, channel, request_id, updated_at)
SELECT r.iin, r.phone, r.connected_at, r.channel, r.request_id, r.updated_at
  FROM jsonb_to_recordset($1::jsonb) AS r(iin text, phone text, connected_at timestamptz, channel text,
    request_id text, updated_at timestamptz)
ON CONFLICT (iin) DO UPDATE SET phone = excluded.phone, connected_at = excluded.connected_at,
  channel = excluded.channel, request_id = excluded.request_id, updated_at = excluded.updated_at`;

/**
 * SPEC §5: the number-link view, by IIN and by number, with history (queries in
 * `number-link-queries.ts`). Each batch is folded in memory, then written with at most five multi-row statements.
 */
export function createNumberLinksProjection(): Projection {
  return {
    name: NUMBER_LINKS_PROJECTION,
    handles: NUMBER_LINK_EVENT_TYPES,
    migrations: numberLinksMigrations,
    tables: ['number_link_history', 'number_links'],
    apply: applyNumberLinkEvents,
  };
}

async function applyNumberLinkEvents(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
  const batch = foldNumberLinkBatch(
    events.map((event) => ({
      // The runtime hands over only the types named in `handles`, upcast to their current shape.
      event: { type: event.type, data: event.data } as NumberLinkEvent,
      revision: Number(event.revision),
    })),
  );
  await writeBatch(tx, batch);
}

async function writeBatch(tx: SqlExecutor, batch: NumberLinkBatch): Promise<void> {
  if (batch.ended.length > 0) {
    const ended = batch.ended.map((e) => ({ iin: e.iin, released_at: e.releasedAt, reason: e.reason }));
    await tx.query(END_CONNECTIONS, [JSON.stringify(ended)]);
  }
  if (batch.opened.length > 0) {
    const opened = batch.opened.map((o) => ({
      iin: o.iin,
      revision: o.revision,
      phone: o.phone,
      connected_at: o.connectedAt,
      channel: o.channel,
      request_id: o.requestId,
      released_at: o.releasedAt,
      reason: o.reason,
    }));
    await tx.query(ADD_CONNECTIONS, [JSON.stringify(opened)]);
  }
  const released = batch.links.filter((link) => link.phone === null);
  const connected = batch.links.filter((link) => link.phone !== null);
  if (released.length > 0) await tx.query(UPSERT_LINKS, [JSON.stringify(released.map(linkRow))]);
  if (connected.length === 0) return;
  const taken = connected.map((link) => ({ phone: link.phone, connected_at: link.connectedAt }));
  await tx.query(TAKE_NUMBERS, [JSON.stringify(taken)]);
  await tx.query(UPSERT_LINKS, [JSON.stringify(connected.map(linkRow))]);
}

function linkRow(link: LinkRow): Record<string, string | null> {
  return {
    iin: link.iin,
    phone: link.phone,
    connected_at: link.connectedAt,
    channel: link.channel,
    request_id: link.requestId,
    updated_at: link.updatedAt,
  };
}
