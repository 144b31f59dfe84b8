import {
  toComplaintView,
  type ComplaintView,
  type DeadlineStatus,
} from '../../application/complaints/complaint-view';
import type { ComplaintBody } from '../../domain/complaint/commands';
import type { ComplaintStage } from '../../domain/complaint/state';
import type { LocalDate } from '../../domain/shared/local-date';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import { encodeComplaintCursor, type ComplaintListCursor } from './complaint-list-cursor';
import { COMPLAINT_COLUMNS, recordsOf, type ComplaintRow } from './complaint-rows';

/** A reviewer's (or a channel's) question over the complaints (SPEC §4). */
export interface ComplaintListFilter {
  /** Only the complaints this principal filed (channels). */
  readonly owner?: string;
  readonly stage?: ComplaintStage;
  /** The body the complaint is with now. */
  readonly body?: ComplaintBody;
  /** Only complaints with a deadline in this status ... */
  readonly deadline?: DeadlineStatus;
  /** ... due before this date (a deadline filter of its own: `pending` when `deadline` is absent). */
  readonly dueBefore?: LocalDate;
  readonly after?: ComplaintListCursor;
  readonly limit: number;
}

export interface ComplaintPage {
  readonly complaints: readonly ComplaintView[];
  readonly nextCursor: string | null;
}

/** Complaints without a date to sort by come last. */
const NO_DATE = '9999-12-31';

/**
 * The complaints, earliest due date first: the earliest pending deadline, or with a deadline filter
 * the earliest deadline that matches it; then by id, which makes the cursor exact.
 */
export async function listComplaints(db: SqlExecutor, filter: ComplaintListFilter): Promise<ComplaintPage> {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  let sortDate = `COALESCE(c.next_due_date, DATE '${NO_DATE}')`;
  if (filter.deadline !== undefined || filter.dueBefore !== undefined) {
    const matching = [
      'd.complaint_id = c.complaint_id',
      `d.status = ${param(filter.deadline ?? 'pending')}`,
      ...(filter.dueBefore === undefined ? [] : [`d.due_date < ${param(filter.dueBefore)}::date`]),
    ];
    sortDate = `(SELECT min(d.due_date) FROM complaint_deadlines d WHERE ${matching.join(' AND ')})`;
    where.push('s.sort_date IS NOT NULL');
  }
  if (filter.owner !== undefined) where.push(`c.owner_principal = ${param(filter.owner)}`);
  if (filter.stage !== undefined) where.push(`c.stage = ${param(filter.stage)}`);
  if (filter.body !== undefined) where.push(`c.body = ${param(filter.body)}`);
  if (filter.after !== undefined) {
    where.push(
      `(s.sort_date, c.complaint_id) > (${param(filter.after.sortDate)}::date, ${param(filter.after.complaintId)})`,
    );
  }
  const rows = await db.query<ComplaintRow & { sort_date: string }>(
    `SELECT ${COMPLAINT_COLUMNS}, s.sort_date::text AS sort_date
       FROM complaints c CROSS JOIN LATERAL (SELECT ${sortDate} AS sort_date) s
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY s.sort_date, c.complaint_id LIMIT ${param(filter.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  const records = await recordsOf(db, page);
  const last = page[page.length - 1];
  return {
    complaints: page.map((row) => toComplaintView(records.get(row.complaint_id)!)),
    nextCursor:
      rows.length > filter.limit && last
        ? encodeComplaintCursor({ sortDate: last.sort_date as LocalDate, complaintId: last.complaint_id })
        : null,
  };
}
