import { toComplaintView, type ComplaintView } from '../../../src/application/complaints/complaint-view';
import { loadComplaintRecord } from '../../../src/application/complaints/find-complaint';
import { markMissedDeadlines } from '../../../src/application/complaints/mark-missed-deadlines';
import { EventSchemas } from '../../../src/application/event-schemas';
import type { KazakhstanWorkingCalendar } from '../../../src/domain/calendar/create-working-calendar';
import { COMPLAINT_EVENT_SCHEMA_VERSIONS } from '../../../src/domain/complaint/events';
import type { Instant } from '../../../src/domain/shared/instant';
import type { LocalDate } from '../../../src/domain/shared/local-date';
import { loadWorkingCalendar } from '../../../src/infrastructure/calendar/load-working-calendar';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import {
  COMPLAINT_DEADLINES_PROJECTION,
  createComplaintDeadlinesProjection,
} from '../../../src/projections/complaint-deadlines/complaint-deadlines-projection';
import {
  decodeComplaintCursor,
  type ComplaintListCursor,
} from '../../../src/projections/complaint-deadlines/complaint-list-cursor';
import { listComplaints } from '../../../src/projections/complaint-deadlines/complaint-list-query';
import { loadComplaintRecords } from '../../../src/projections/complaint-deadlines/complaint-rows';
import { SqlPendingDeadlines } from '../../../src/projections/complaint-deadlines/sql-pending-deadlines';
import { FixedClock } from '../../support/fixed-clock';
import { ProjectionWorld } from '../../support/projection-spec';
import { testDatabaseKinds } from '../../support/test-databases';
import { complaintFlows, playFlows, type ComplaintFlow } from './complaint-flows';

describe.each(testDatabaseKinds)('the complaint-deadlines view on $name', (kind) => {
  let calendar: KazakhstanWorkingCalendar;
  let world: ProjectionWorld;
  let db: SqlDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    calendar = await loadWorkingCalendar();
  });
  beforeEach(async () => {
    world = await ProjectionWorld.open(kind, [createComplaintDeadlinesProjection()], {
      schemas: EventSchemas.fromVersions(COMPLAINT_EVENT_SCHEMA_VERSIONS),
    });
    ({ db, store } = world);
  });
  afterEach(async () => {
    await world.dispose();
  });

  async function given(flows: readonly ComplaintFlow[]): Promise<void> {
    await playFlows(store, calendar, flows);
    world.start();
    await world.settle();
  }

  const tables = async () => ({
    complaints: await db.query('SELECT * FROM complaints ORDER BY complaint_id'),
    deadlines: await db.query('SELECT * FROM complaint_deadlines ORDER BY complaint_id, kind'),
  });

  it('given complaints through every stage, agrees with each complaint’s stream and rebuilds to identical rows', async () => {
    const flows = complaintFlows(40);
    await playFlows(store, calendar, flows.slice(0, 25));
    world.start();
    await playFlows(store, calendar, flows.slice(25));
    await world.settle();

    const ids = flows.map((f) => f.complaintId);
    const stored = await loadComplaintRecords(db, ids);
    expect(stored.size).toBe(flows.length);
    for (const flow of flows) {
      const fromStream = (await loadComplaintRecord(store, flow.complaintId))!;
      const fromView = stored.get(flow.complaintId)!;
      expect(fromView.owner).toBe(flow.owner);
      expect(toComplaintView(fromView)).toEqual(toComplaintView(fromStream));
    }
    const statuses = [...stored.values()].flatMap((r) => r.complaint.deadlines.map((d) => d.status));
    expect(new Set(statuses)).toEqual(new Set(['pending', 'met', 'missed']));

    const before = await tables();
    await world.rebuild(COMPLAINT_DEADLINES_PROJECTION);
    expect(await tables()).toEqual(before);
  });

  it('finds the complaints whose pending deadlines have ended, and the scheduler records them missed once', async () => {
    const flows = complaintFlows(24);
    await given(flows);
    const at = '2026-04-01T19:00:00.000Z' as Instant;
    const pending = new SqlPendingDeadlines(db);

    const expected = new Set<string>();
    for (const flow of flows) {
      const record = await loadComplaintRecord(store, flow.complaintId);
      if (record?.complaint.deadlines.some((d) => d.status === 'pending' && d.endsAt <= at))
        expected.add(flow.complaintId);
    }
    expect(expected.size).toBeGreaterThan(2);
    expect(new Set(await pending.endedBy(at, 500))).toEqual(expected);

    const clock = new FixedClock(at);
    expect(await markMissedDeadlines(store, clock, calendar, pending)).toBeGreaterThanOrEqual(expected.size);
    await world.settle();
    expect(await pending.endedBy(at, 500)).toEqual([]);
    for (const id of expected) {
      const record = await loadComplaintRecord(store, id);
      expect(record?.complaint.deadlines.filter((d) => d.status === 'pending' && d.endsAt <= at)).toEqual([]);
    }
    // A second run (another instance, a repeat) finds nothing more to record.
    expect(await markMissedDeadlines(store, clock, calendar, pending)).toBe(0);
  });

  it('lists earliest due date first, filtered by owner, deadline status and due date, page by page', async () => {
    const flows = complaintFlows(30);
    await given(flows);

    const all = await listComplaints(db, { limit: 200 });
    expect(all.complaints).toHaveLength(30);
    expect(all.nextCursor).toBeNull();
    const firstPending = (c: (typeof all.complaints)[number]) =>
      c.deadlines.find((d) => d.status === 'pending')?.dueDate ?? '9999-12-31';
    const order = all.complaints.map(firstPending);
    expect(order).toEqual([...order].sort());

    const paged: ComplaintView[] = [];
    let after: ComplaintListCursor | undefined;
    for (;;) {
      const page = await listComplaints(db, { limit: 7, ...(after ? { after } : {}) });
      paged.push(...page.complaints);
      if (!page.nextCursor) break;
      after = decodeComplaintCursor(page.nextCursor);
    }
    expect(paged).toEqual(all.complaints);

    const portals = await listComplaints(db, { owner: 'portal', limit: 200 });
    const portalIds = flows.filter((f) => f.owner === 'portal').map((f) => f.complaintId);
    expect(portals.complaints.map((c) => c.complaintId).sort()).toEqual(portalIds.sort());

    const dueBefore = '2026-03-27' as LocalDate;
    const missed = await listComplaints(db, { deadline: 'missed', dueBefore, limit: 200 });
    const expectedMissed = all.complaints.filter((c) =>
      c.deadlines.some((d) => d.status === 'missed' && d.dueDate < dueBefore),
    );
    expect(expectedMissed.length).toBeGreaterThan(0);
    expect(missed.complaints.map((c) => c.complaintId).sort()).toEqual(
      expectedMissed.map((c) => c.complaintId).sort(),
    );
    const earliestMissed = missed.complaints.map(
      (c) => c.deadlines.filter((d) => d.status === 'missed' && d.dueDate < dueBefore)[0]!.dueDate,
    );
    expect(earliestMissed).toEqual([...earliestMissed].sort());
  });
});
