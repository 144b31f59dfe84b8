import type { ComplaintRecord, DecisionRecord } from '../../application/complaints/complaint-record';
import { deadlineBody } from '../../application/complaints/complaint-view';
import type { ComplaintBody, FilingBody, RegisteringBody } from '../../domain/complaint/commands';
import type { DeadlineKind } from '../../domain/complaint/events';
import type { ComplaintDeadline, ComplaintStage, RecordedComplaint } from '../../domain/complaint/state';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { LocalDate } from '../../domain/shared/local-date';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';

export interface ComplaintRow {
  complaint_id: string;
  iin: Iin;
  filed_with: FilingBody;
  registered_at: Instant;
  request_id: string | null;
  subject: string;
  complaint_text: string;
  stage: ComplaintStage;
  body: ComplaintBody;
  owner_principal: string;
  forwarded_to: ComplaintBody | null;
  forwarded_at: Instant | null;
  registrations: { body: RegisteringBody; registeredAt: Instant }[];
  decisions: DecisionRecord[];
  appealed_to_court_at: Instant | null;
}

interface DeadlineRow {
  complaint_id: string;
  kind: DeadlineKind;
  due_date: LocalDate;
  ends_at: Instant;
  status: ComplaintDeadline['status'];
  met_at: Instant | null;
  met_by: 'ComplaintForwarded' | 'ComplaintDecided' | null;
  missed_at: Instant | null;
}

// The instants as the domain writes them (ISO-8601, UTC, milliseconds), formatted by the server.
const iso = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The columns of `complaints` (alias `c`) as `ComplaintRow` reads them. */
export const COMPLAINT_COLUMNS = `c.complaint_id, c.iin, c.filed_with, ${iso('c.registered_at')} AS registered_at,
  c.request_id, c.subject, c.complaint_text, c.stage, c.body, c.owner_principal, c.forwarded_to,
  ${iso('c.forwarded_at')} AS forwarded_at, c.registrations, c.decisions,
  ${iso('c.appealed_to_court_at')} AS appealed_to_court_at`;

const DEADLINES_OF = `
SELECT complaint_id, kind, due_date::text AS due_date, ${iso('ends_at')} AS ends_at, status,
       ${iso('met_at')} AS met_at, met_by, ${iso('missed_at')} AS missed_at
  FROM complaint_deadlines WHERE complaint_id = ANY($1::text[])`;

/** The stored records of these complaints (those the read model has), with their deadlines. */
export async function loadComplaintRecords(
  db: SqlExecutor,
  complaintIds: readonly string[],
): Promise<Map<string, ComplaintRecord>> {
  if (complaintIds.length === 0) return new Map();
  const rows = await db.query<ComplaintRow>(
    `SELECT ${COMPLAINT_COLUMNS} FROM complaints c WHERE c.complaint_id = ANY($1::text[])`,
    [complaintIds],
  );
  return recordsOf(db, rows);
}

/** The records of complaint rows already read, in their order. */
export async function recordsOf(
  db: SqlExecutor,
  rows: readonly ComplaintRow[],
): Promise<Map<string, ComplaintRecord>> {
  const deadlines = new Map<string, DeadlineRow[]>();
  if (rows.length > 0) {
    for (const row of await db.query<DeadlineRow>(DEADLINES_OF, [rows.map((r) => r.complaint_id)])) {
      deadlines.set(row.complaint_id, [...(deadlines.get(row.complaint_id) ?? []), row]);
    }
  }
  return new Map(rows.map((row) => [row.complaint_id, toRecord(row, deadlines.get(row.complaint_id) ?? [])]));
}

function toRecord(row: ComplaintRow, deadlineRows: readonly DeadlineRow[]): ComplaintRecord {
  const complaint: RecordedComplaint = {
    recorded: true,
    complaintId: row.complaint_id,
    iin: row.iin,
    filedWith: row.filed_with,
    registeredAt: row.registered_at,
    ...(row.request_id === null ? {} : { requestId: row.request_id }),
    stage: row.stage,
    ...(row.forwarded_to === null || row.forwarded_at === null
      ? {}
      : { forwarding: { to: row.forwarded_to, forwardedAt: row.forwarded_at } }),
    registrations: row.registrations,
    decisions: row.decisions.map(({ by, outcome, decidedAt }) => ({ by, outcome, decidedAt })),
    ...(row.appealed_to_court_at === null ? {} : { appealedToCourtAt: row.appealed_to_court_at }),
    deadlines: deadlineRows.map(toDeadline),
  };
  return {
    complaint,
    subject: row.subject,
    text: row.complaint_text,
    body: row.body,
    owner: row.owner_principal,
    decisions: row.decisions,
  };
}

function toDeadline(row: DeadlineRow): ComplaintDeadline {
  const scheduled = { kind: row.kind, dueDate: row.due_date, endsAt: row.ends_at };
  if (row.status === 'met' && row.met_at !== null && row.met_by !== null)
    return { ...scheduled, status: 'met', metAt: row.met_at, metBy: row.met_by };
  if (row.status === 'missed' && row.missed_at !== null)
    return { ...scheduled, status: 'missed', missedAt: row.missed_at };
  return { ...scheduled, status: 'pending' };
}

const UPSERT_COMPLAINTS = `
INSERT INTO complaints (complaint_id, iin, filed_with, registered_at, request_id, subject, complaint_text, stage,
  body, owner_principal, forwarded_to, forwarded_at, registrations, decisions, appealed_to_court_at, next_due_date)
SELECT r.complaint_id, r.iin, r.filed_with, r.registered_at, r.request_id, r.subject, r.complaint_text, r.stage,
  r.body, r.owner_principal, r.forwarded_to, r.forwarded_at, r.registrations, r.decisions, r.appealed_to_court_at,
  r.next_due_date
  FROM jsonb_to_recordset($1::jsonb) AS r(complaint_id text, iin text, filed_with text, registered_at timestamptz,
    request_id text, subject text, complaint_text text, stage text, body text, owner_principal text,
    forwarded_to text, forwarded_at timestamptz, registrations jsonb, decisions jsonb,
    appealed_to_court_at timestamptz, next_due_date date)
ON CONFLICT (complaint_id) DO UPDATE SET stage = excluded.stage, body = excluded.body,
  forwarded_to = excluded.forwarded_to, forwarded_at = excluded.forwarded_at,
  registrations = excluded.registrations, decisions = excluded.decisions,
  appealed_to_court_at = excluded.appealed_to_court_at, next_due_date = excluded.next_due_date`;

const UPSERT_DEADLINES = `
INSERT INTO complaint_deadlines (complaint_id, kind, body, due_date, ends_at, status, met_at, met_by, missed_at)
SELECT d.complaint_id, d.kind, d.body, d.due_date, d.ends_at, d.status, d.met_at, d.met_by, d.missed_at
  FROM jsonb_to_recordset($1::jsonb) AS d(complaint_id text, kind text, body text, due_date date,
    ends_at timestamptz, status text, met_at timestamptz, met_by text, missed_at timestamptz)
ON CONFLICT (complaint_id, kind) DO UPDATE SET status = excluded.status, met_at = excluded.met_at,
  met_by = excluded.met_by, missed_at = excluded.missed_at`;

/** Writes the records (complaints, then their deadlines): two multi-row statements whatever the count. */
export async function writeComplaintRecords(
  tx: SqlExecutor,
  records: readonly ComplaintRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await tx.query(UPSERT_COMPLAINTS, [JSON.stringify(records.map(complaintRow))]);
  const deadlines = records.flatMap(({ complaint }) =>
    complaint.deadlines.map((d) => ({
      complaint_id: complaint.complaintId,
      kind: d.kind,
      body: deadlineBody(d.kind),
      due_date: d.dueDate,
      ends_at: d.endsAt,
      status: d.status,
      met_at: d.status === 'met' ? d.metAt : null,
      met_by: d.status === 'met' ? d.metBy : null,
      missed_at: d.status === 'missed' ? d.missedAt : null,
    })),
  );
  if (deadlines.length > 0) await tx.query(UPSERT_DEADLINES, [JSON.stringify(deadlines)]);
}

function complaintRow(record: ComplaintRecord): Record<string, unknown> {
  const { complaint } = record;
  const pendingDueDates = complaint.deadlines.filter((d) => d.status === 'pending').map((d) => d.dueDate);
  return {
    complaint_id: complaint.complaintId,
    iin: complaint.iin,
    filed_with: complaint.filedWith,
    registered_at: complaint.registeredAt,
    request_id: complaint.requestId ?? null,
    subject: record.subject,
    complaint_text: record.text,
    stage: complaint.stage,
    body: record.body,
    owner_principal: record.owner,
    forwarded_to: complaint.forwarding?.to ?? null,
    forwarded_at: complaint.forwarding?.forwardedAt ?? null,
    registrations: complaint.registrations,
    decisions: record.decisions,
    appealed_to_court_at: complaint.appealedToCourtAt ?? null,
    next_due_date: pendingDueDates.sort()[0] ?? null,
  };
}
