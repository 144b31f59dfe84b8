import { randomBytes } from 'node:crypto';
import { EventSchemas } from '../../../src/application/event-schemas';
import { START, type Position, type Subscription } from '../../../src/application/ports/event-store';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import {
  FALLBACK_POLL_MS,
  PostgresEventStore,
} from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import { PgDatabase } from '../../../src/infrastructure/sql/pg-database';
import { sleep } from '../../support/events';
import { closeAndFlush, rowsReadFrom } from '../../support/table-reads';
import { postgresKind } from '../../support/test-databases';

const serverUrl = process.env.NUMLINK_TEST_DATABASE_URL;
const STORED = 1_000_000;
const LOAD_CHUNK = 50_000;
/** Five filtered subscriptions, as the projections and reactions have them, of types never stored here. */
const FILTERS = [
  ['OtpIssued'],
  ['NumberConfirmed'],
  ['ComplaintRecorded'],
  ['RequestExpired', 'NumberReleased'],
  ['NumberConnected'],
];

/**
 * The cost of polls at rest over `stored` events. `analyzed`: the table's statistics are fresh; without
 * them (a young deployment, before autovacuum's first ANALYZE) the planner knows only the table's size.
 */
function idleFeedCost(stored: number, analyzed: boolean): void {
  const schema = `t_feed_${process.pid}_${randomBytes(4).toString('hex')}`;
  let admin: PgDatabase;

  beforeAll(async () => {
    admin = await PgDatabase.connect({ connectionString: serverUrl!, schema, maxConnections: 2 });
    await migrate(admin, eventStoreMigrations);
    if (!analyzed) await admin.exec('ALTER TABLE events SET (autovacuum_enabled = false)');
    // In index order, so the load takes seconds (bench/support/synthetic-event-sql.ts), and in short
    // transactions: an open one holds back every reader of the global order on the server (other tests').
    for (let first = 0; first < stored; first += LOAD_CHUNK)
      await admin.query(
        `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata)
         SELECT lpad(to_hex(i), 32, '0')::uuid, 'stored', i, 'Stored', 1, '{}'::jsonb, '{}'::jsonb
           FROM generate_series($1::int, least($1::int + $2::int, $3::int) - 1) AS i`,
        [first, LOAD_CHUNK, stored],
      );
    if (analyzed) await admin.exec('ANALYZE events');
  }, 240_000);

  afterAll(async () => {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  });

  it('a poll finding nothing new reads next to nothing, however much is stored', async () => {
    const subscribe = (store: PostgresEventStore, from: readonly Position[], reached: Position[]) => {
      let polls = 0;
      const caughtUp = FILTERS.map(() => false);
      const subscriptions: Subscription[] = FILTERS.map((types, i) =>
        store.subscribe(from[i]!, async () => undefined, {
          types,
          onSkipped: async (position) => {
            reached[i] = position;
          },
          onCaughtUp: () => {
            polls += 1;
            caughtUp[i] = true;
          },
        }),
      );
      return {
        polls: () => polls,
        allCaughtUp: () => caughtUp.every(Boolean),
        stop: async () => {
          await Promise.all(subscriptions.map((s) => s.stop()));
          await store.close();
        },
      };
    };
    const reached: Position[] = FILTERS.map(() => START);

    // The catch-up reads what is stored once; the subscriptions remember how far they have looked.
    const catchUpName = `feed-catch-up-${schema}`;
    const catchUpDb = await PgDatabase.connect({
      connectionString: serverUrl!,
      schema,
      applicationName: catchUpName,
    });
    const catchingUp = subscribe(new PostgresEventStore(catchUpDb, new EventSchemas()), reached, reached);
    while (!catchingUp.allCaughtUp()) await sleep(20);
    await catchingUp.stop();
    await closeAndFlush(catchUpDb, admin, catchUpName);

    const before = await rowsReadFrom(admin, 'events');
    const idleName = `feed-idle-${schema}`;
    const idleDb = await PgDatabase.connect({
      connectionString: serverUrl!,
      schema,
      applicationName: idleName,
    });
    const idle = subscribe(
      new PostgresEventStore(idleDb, new EventSchemas(), { pollIntervalMs: 100 }),
      [...reached],
      reached,
    );
    await sleep(10_000);
    await idle.stop();
    await closeAndFlush(idleDb, admin, idleName);
    const rowsRead = (await rowsReadFrom(admin, 'events')) - before;

    const polls = idle.polls();
    expect(polls).toBeGreaterThan(25);
    const rowsPerPoll = rowsRead / polls;
    console.info(
      `idle feed over ${stored} events${analyzed ? '' : ' never analyzed'}: ${polls} polls read ${rowsRead} rows (${rowsPerPoll.toFixed(2)} per poll)`,
    );
    expect(rowsPerPoll).toBeLessThan(3);
    // A minute at the fallback poll of five subscriptions reads fewer than 1,000 rows.
    expect(rowsPerPoll * FILTERS.length * (60_000 / FALLBACK_POLL_MS)).toBeLessThan(1000);
  });
}

(postgresKind ? describe : describe.skip)('the event feed at rest, with a million events stored', () =>
  idleFeedCost(STORED, true),
);

// The held-back check once asked EXISTS (... WHERE transaction_id >= xmin): with no statistics the
// planner took a third of the table to match and scanned all of it, on every poll.
(postgresKind ? describe : describe.skip)(
  'the event feed at rest, with 300,000 events stored and never analyzed',
  () => idleFeedCost(300_000, false),
);
