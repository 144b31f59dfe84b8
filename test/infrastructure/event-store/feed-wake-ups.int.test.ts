import { randomBytes } from 'node:crypto';
import { EventSchemas } from '../../../src/application/event-schemas';
import { START, type RecordedEvent } from '../../../src/application/ports/event-store';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import { PgDatabase } from '../../../src/infrastructure/sql/pg-database';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { newEvent, sleep } from '../../support/events';
import { pgliteKind, postgresKind } from '../../support/test-databases';

/** A fallback poll far longer than any wait below: only a wake-up can deliver in time. */
const NO_POLL = { pollIntervalMs: 120_000 };

async function delivered(received: RecordedEvent[], count: number): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (received.length >= count) return true;
    await sleep(20);
  }
  return false;
}

describe('a live subscription wakes when events are appended, without polling', () => {
  it('on PGlite, by the in-process append signal', async () => {
    const { db, dispose } = await pgliteKind.open();
    try {
      await migrate(db, eventStoreMigrations);
      const store = new PostgresEventStore(db, new EventSchemas(), NO_POLL);
      const received: RecordedEvent[] = [];
      let caughtUp = false;
      const subscription = store.subscribe(START, async (events) => void received.push(...events), {
        onCaughtUp: () => (caughtUp = true),
      });
      while (!caughtUp) await sleep(10);
      await store.append('woken', [newEvent('Woken')], 'no_stream');
      expect(await delivered(received, 1)).toBe(true);
      await subscription.stop();
      await store.close();
    } finally {
      await dispose();
    }
  });

  (postgresKind ? it : it.skip)(
    'on a PostgreSQL server, by LISTEN/NOTIFY when another instance appends',
    async () => {
      const schema = `t_wake_${process.pid}_${randomBytes(4).toString('hex')}`;
      const url = process.env.NUMLINK_TEST_DATABASE_URL!;
      const dbs: SqlDatabase[] = [];
      const open = async () => {
        const db = await PgDatabase.connect({ connectionString: url, schema, maxConnections: 4 });
        dbs.push(db);
        return db;
      };
      const reader = await open();
      const writer = await open();
      try {
        await migrate(reader, eventStoreMigrations);
        const readingInstance = new PostgresEventStore(reader, new EventSchemas(), NO_POLL);
        const writingInstance = new PostgresEventStore(writer, new EventSchemas(), NO_POLL);
        const received: RecordedEvent[] = [];
        let caughtUp = false;
        const subscription = readingInstance.subscribe(
          START,
          async (events) => void received.push(...events),
          {
            onCaughtUp: () => (caughtUp = true),
          },
        );
        while (!caughtUp) await sleep(10);
        await sleep(200); // the listening connection is up
        await writingInstance.append('woken', [newEvent('Woken')], 'no_stream');
        expect(await delivered(received, 1)).toBe(true);
        await writingInstance.append('woken', [newEvent('Woken')], 0n);
        expect(await delivered(received, 2)).toBe(true);
        await subscription.stop();
        await readingInstance.close();
        await writingInstance.close();
      } finally {
        await reader.query(`DROP SCHEMA ${schema} CASCADE`);
        for (const db of dbs) await db.close();
      }
    },
  );
});
