import { foldComplaintRecord } from '../../application/complaints/complaint-record';
import {
  COMPLAINT_EVENT_SCHEMA_VERSIONS,
  type ComplaintEvent,
  type ComplaintEventType,
} from '../../domain/complaint/events';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { Projection, ProjectedEvent } from '../runtime/projection';
import { complaintDeadlinesMigrations } from './complaint-deadlines-migrations';
import { loadComplaintRecords, writeComplaintRecords } from './complaint-rows';

export const COMPLAINT_DEADLINES_PROJECTION = 'complaint_deadlines';

/**
 * SPEC §5: complaint deadlines, for the reviewers' lists and the missed-deadline scheduler. A batch
 * reads the rows of the complaints it touches, folds its events into them with the decider's own
 * `evolve` (so a deadline is met or missed exactly as the decider has it), and writes them back: four
 * statements per batch whatever its size.
 */
export function createComplaintDeadlinesProjection(): Projection<ComplaintEvent> {
  return {
    name: COMPLAINT_DEADLINES_PROJECTION,
    handles: Object.keys(COMPLAINT_EVENT_SCHEMA_VERSIONS) as ComplaintEventType[],
    migrations: complaintDeadlinesMigrations,
    tables: ['complaint_deadlines', 'complaints'],
    apply: applyComplaintEvents,
  };
}

async function applyComplaintEvents(
  tx: SqlExecutor,
  events: readonly ProjectedEvent<ComplaintEvent>[],
): Promise<void> {
  const complaintIdOf = (event: ProjectedEvent<ComplaintEvent>) => event.data.complaintId;
  const touched = [...new Set(events.map(complaintIdOf))];
  const records = await loadComplaintRecords(tx, touched);
  for (const event of events) {
    const complaintId = complaintIdOf(event);
    const next = foldComplaintRecord(records.get(complaintId), event);
    if (next) records.set(complaintId, next);
  }
  await writeComplaintRecords(tx, [...records.values()]);
}
