import { randomBytes } from 'node:crypto';
import { EventSchemas } from '../../../src/application/event-schemas';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import { PgDatabase } from '../../../src/infrastructure/sql/pg-database';
import { newEvent } from '../../support/events';
import { closeAndFlush, rowsReadFrom } from '../../support/table-reads';
import { postgresKind } from '../../support/test-databases';

const serverUrl = process.env.NUMLINK_TEST_DATABASE_URL;
const GROWN_TO = 100_000;
const READS = 20;

/**
 * Stored straight in the table, a stream of one event each, as the load of `idle-feed-cost` does: in
 * short transactions, since an open one holds back every reader of the global order on the server.
 */
async function storeStreams(db: PgDatabase, prefix: string, count: number): Promise<void> {
  for (let first = 1; first <= count; first += 25_000)
    await db.query(
      `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata)
       SELECT gen_random_uuid(), $1 || i, 0, 'Stored', 1, '{}'::jsonb, '{}'::jsonb
         FROM generate_series($2::int, least($2::int + 24999, $3::int)) AS i`,
      [prefix, first, count],
    );
}

// A confirmation reads the request, the account's link and the number's holder in one statement. The
// service prepares its statements once per connection; a plan settled on while the table was small
// (statistics of a hundred rows) must still find three streams through the index once it has grown.
(postgresKind ? describe : describe.skip)('reading several streams after the table has grown', () => {
  const schema = `t_streams_${process.pid}_${randomBytes(4).toString('hex')}`;
  let admin: PgDatabase;

  beforeAll(async () => {
    admin = await PgDatabase.connect({ connectionString: serverUrl!, schema, maxConnections: 2 });
    await migrate(admin, eventStoreMigrations);
    await admin.exec('ALTER TABLE events SET (autovacuum_enabled = false)');
    await storeStreams(admin, 'young-', 100);
    await admin.exec('ANALYZE events');
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  });

  it('finds them through the index, not by scanning the table', async () => {
    const name = `stream-reads-${schema}`;
    const db = await PgDatabase.connect({
      connectionString: serverUrl!,
      schema,
      maxConnections: 1,
      applicationName: name,
    });
    const store = new PostgresEventStore(db, new EventSchemas());
    await store.append('request-1', [newEvent('Stored')], 'no_stream');
    // Planned while small, over and over: the connection keeps a generic plan from here on.
    for (let i = 0; i < 10; i++) await store.readStreams(['request-1', 'link-1', 'holder-1']);

    await storeStreams(admin, 'grown-', GROWN_TO);
    const before = await rowsReadFrom(admin, 'events');
    for (let i = 0; i < READS; i++) {
      const streams = await store.readStreams(['request-1', 'grown-7', 'holder-1']);
      expect([...streams].map(([id, events]) => [id, events.length])).toEqual([
        ['request-1', 1],
        ['grown-7', 1],
        ['holder-1', 0],
      ]);
    }
    await store.close();
    await closeAndFlush(db, admin, name);
    const perRead = ((await rowsReadFrom(admin, 'events')) - before) / READS;

    console.info(`readStreams of 3 streams over ${GROWN_TO} events planned at 100: ${perRead} rows a read`);
    // The connection's statistics reach the server when it closes, so the reads of the small table
    // count here too (a thousand rows or so in all); a scan of the grown table reads all of it each time.
    expect(perRead).toBeLessThan(GROWN_TO / 100);
  });
});
