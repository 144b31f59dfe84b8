import type { AuditRecord } from './audit-record';

/**
 * The columns that make an `AuditRecord`, in the one text form of each (seq as text, ms UTC instants).
 * Order by `audit_records.seq`: a bare `seq` would name the text alias and sort 10 before 9.
 */
export const AUDIT_RECORD_COLUMNS = `seq::text AS seq, event_id::text AS event_id,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
  type, stream_id, actor_principal, actor_role, actor_channel, correlation_id, causation_id, data,
  prev_hash, hash`;

export interface AuditRecordRow {
  seq: string;
  event_id: string;
  recorded_at: string;
  type: string;
  stream_id: string;
  actor_principal: string;
  actor_role: string;
  actor_channel: string | null;
  correlation_id: string;
  causation_id: string;
  data: unknown;
  prev_hash: string;
  hash: string;
}

export function toAuditRecord(row: AuditRecordRow): AuditRecord {
  return {
    position: Number(row.seq),
    eventId: row.event_id,
    recordedAt: row.recorded_at,
    type: row.type,
    streamId: row.stream_id,
    actor: { principal: row.actor_principal, role: row.actor_role, channel: row.actor_channel },
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    data: row.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
