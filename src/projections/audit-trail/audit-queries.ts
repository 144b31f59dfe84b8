import { err, ok, type Result } from '../../domain/shared/result';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { AuditRecord } from './audit-record';
import { AUDIT_RECORD_COLUMNS, toAuditRecord, type AuditRecordRow } from './audit-record-row';

export interface AuditRecordQuery {
  readonly iin?: string;
  /** E.164, as the events hold it (`+77011234567`). */
  readonly phone?: string;
  readonly complaintId?: string;
  /** Only records of this event type (e.g. `PersonalDataRead`: the access log). */
  readonly type?: string;
  /** Recorded at or after this instant (ISO-8601). */
  readonly from?: string;
  /** Recorded at or before this instant (ISO-8601). */
  readonly to?: string;
  /** `nextCursor` of the page before. */
  readonly cursor?: string;
  /** Only records up to this position: an export shows the trail as it stood when it began. */
  readonly throughPosition?: number;
  /** Records per page, 1 to `MAX_AUDIT_PAGE`. */
  readonly limit: number;
}

export interface AuditRecordPage {
  readonly records: readonly AuditRecord[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export const MAX_AUDIT_PAGE = 1000;

/** The cursor is the last position shown, opaque to clients. */
export const auditCursor = (position: number): string =>
  Buffer.from(String(position), 'utf8').toString('base64url');

export function parseAuditCursor(cursor: string): Result<number, 'invalid_cursor'> {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9]\d{0,15}$/.test(text) || auditCursor(Number(text)) !== cursor) return err('invalid_cursor');
  return ok(Number(text));
}

// The streams of one request or bank check each: one citizen, one number (see the migration's index).
const REQUEST_STREAM = `(stream_id LIKE 'number-request-%' OR stream_id LIKE 'bank-check-%')`;

/**
 * The records naming the key, and every record of a request stream one of whose records names it
 * (issue 9: failures and expiries recorded before they named the citizen and number). The union keeps
 * both halves on their indexes.
 */
function withTheirRequests(column: 'iins' | 'phones', param: string): string {
  return `seq IN (
    SELECT seq FROM audit_records WHERE ${column} @> ARRAY[${param}::text]
    UNION ALL
    SELECT seq FROM audit_records WHERE ${REQUEST_STREAM} AND stream_id IN (
      SELECT stream_id FROM audit_records WHERE ${column} @> ARRAY[${param}::text] AND ${REQUEST_STREAM}))`;
}

/**
 * SPEC §4 `GET /v1/audit/events`: the records about an account, a number, a complaint and/or a time
 * span, in chain order, a page at a time. Filters combine (all must hold).
 */
export async function findAuditRecords(
  db: SqlExecutor,
  query: AuditRecordQuery,
): Promise<Result<AuditRecordPage, 'invalid_cursor'>> {
  let after = 0;
  if (query.cursor !== undefined) {
    const parsed = parseAuditCursor(query.cursor);
    if (!parsed.ok) return parsed;
    after = parsed.value;
  }
  const limit = Math.min(Math.max(Math.trunc(query.limit), 1), MAX_AUDIT_PAGE);
  const params: unknown[] = [after];
  const where = ['seq > $1::bigint'];
  const add = (condition: (param: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (query.iin !== undefined) add((p) => withTheirRequests('iins', p), query.iin);
  if (query.phone !== undefined) add((p) => withTheirRequests('phones', p), query.phone);
  if (query.complaintId !== undefined) add((p) => `complaint_id = ${p}`, query.complaintId);
  if (query.type !== undefined) add((p) => `type = ${p}`, query.type);
  if (query.throughPosition !== undefined) add((p) => `seq <= ${p}::bigint`, query.throughPosition);
  if (query.from !== undefined) add((p) => `recorded_at >= ${p}::timestamptz`, query.from);
  if (query.to !== undefined) add((p) => `recorded_at <= ${p}::timestamptz`, query.to);
  params.push(limit + 1);
  const rows = await db.query<AuditRecordRow>(
    `SELECT ${AUDIT_RECORD_COLUMNS} FROM audit_records WHERE ${where.join(' AND ')}
      ORDER BY audit_records.seq LIMIT $${params.length}`,
    params,
  );
  const records = rows.slice(0, limit).map(toAuditRecord);
  const more = rows.length > limit;
  return ok({ records, nextCursor: more ? auditCursor(records[records.length - 1]!.position) : null });
}
