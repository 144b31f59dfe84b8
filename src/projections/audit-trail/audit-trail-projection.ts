import type { DomainEvent } from '../../domain/shared/domain-event';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { Projection, ProjectedEvent } from '../runtime/projection';
import { readAuditHead } from './audit-head';
import { auditRecordHash, GENESIS_HASH, type AuditRecordContent } from './audit-record';
import { auditSearchKeys } from './audit-search-keys';
import { auditTrailMigrations } from './audit-trail-migrations';

export const AUDIT_TRAIL_PROJECTION = 'audit_trail';

// One statement per batch: the rows travel as one jsonb array and are expanded by the server.
const INSERT_BATCH = `
INSERT INTO audit_records (seq, event_id, recorded_at, type, stream_id, actor_principal, actor_role,
  actor_channel, correlation_id, causation_id, data, iins, phones, complaint_id, prev_hash, hash)
SELECT r.seq, r.event_id, r.recorded_at, r.type, r.stream_id, r.actor_principal, r.actor_role,
  r.actor_channel, r.correlation_id, r.causation_id, r.data, r.iins, r.phones, r.complaint_id,
  r.prev_hash, r.hash
FROM jsonb_to_recordset($1::jsonb) AS r(seq bigint, event_id uuid, recorded_at timestamptz, type text,
  stream_id text, actor_principal text, actor_role text, actor_channel text, correlation_id text,
  causation_id text, data jsonb, iins text[], phones text[], complaint_id text, prev_hash text, hash text)`;

/** The record an event becomes at a position of the chain. */
export function auditRecordContent(event: ProjectedEvent<DomainEvent>, position: number): AuditRecordContent {
  const { actor, correlationId, causationId } = event.metadata;
  return {
    position,
    eventId: event.eventId,
    // Milliseconds, UTC: the form the table gives back, so a re-read record hashes the same.
    recordedAt: new Date(event.recordedAt).toISOString(),
    type: event.type,
    streamId: event.streamId,
    actor: { principal: actor.principal, role: actor.role, channel: actor.channel ?? null },
    correlationId,
    causationId,
    // The data as stored, not as upcast: a later upcaster must not change a hash already signed.
    data: event.stored ? event.stored.data : event.data,
  };
}

/**
 * SPEC §5: the audit trail, one hash-chained record per event (every type, so none is ever left out of
 * the chain), in the store's global order.
 */
export function createAuditTrailProjection(): Projection<DomainEvent> {
  return {
    name: AUDIT_TRAIL_PROJECTION,
    handles: 'all',
    migrations: auditTrailMigrations,
    // Checkpoints stay through a rebuild: the rebuilt chain is the same, and they vouch for it.
    tables: ['audit_records'],
    apply: appendAuditRecords,
  };
}

/** Appends the batch to the chain, reading the head once; the runtime holds the transaction. */
async function appendAuditRecords(
  tx: SqlExecutor,
  events: readonly ProjectedEvent<DomainEvent>[],
): Promise<void> {
  if (events.length === 0) return;
  const head = await readAuditHead(tx);
  let position = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const rows = events.map((event) => {
    position += 1;
    const content = auditRecordContent(event, position);
    const hash = auditRecordHash(prevHash, content);
    const keys = auditSearchKeys(event.streamId, event.data);
    const row = {
      seq: position,
      event_id: content.eventId,
      recorded_at: content.recordedAt,
      type: content.type,
      stream_id: content.streamId,
      actor_principal: content.actor.principal,
      actor_role: content.actor.role,
      actor_channel: content.actor.channel,
      correlation_id: content.correlationId,
      causation_id: content.causationId,
      data: content.data,
      iins: keys.iins,
      phones: keys.phones,
      complaint_id: keys.complaintId,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  await tx.query(INSERT_BATCH, [JSON.stringify(rows)]);
}
