import { EventSchemas } from '../../../src/application/event-schemas';
import {
  comparePositions,
  type Position,
  type RecordedEvent,
} from '../../../src/application/ports/event-store';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import { Metrics } from '../../../src/infrastructure/observability/metrics';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import type { SqlDatabase, SqlExecutor } from '../../../src/infrastructure/sql/sql-database';
import type { Projection } from '../../../src/projections/runtime/projection';
import { ProjectionRunner } from '../../../src/projections/runtime/projection-runner';
import { reactor } from '../../../src/projections/runtime/reactor';
import { newEvent, sleep } from '../../support/events';
import { FixedClock } from '../../support/fixed-clock';
import { memoryLogger } from '../../support/silent-logger';
import { postgresKind, testDatabaseKinds } from '../../support/test-databases';

/** Counts events per stream; refuses to apply an event typed `Poison` while `poisoned` is set. */
function countingProjection(state: { poisoned: boolean }): Projection {
  return {
    name: 'stream_counts',
    handles: ['Counted', 'Poison'],
    tables: ['stream_counts'],
    migrations: [
      {
        id: 'test/stream-counts',
        sql: 'CREATE TABLE stream_counts (stream_id text PRIMARY KEY, events integer NOT NULL, last_type text NOT NULL)',
      },
    ],
    async apply(tx: SqlExecutor, events: readonly RecordedEvent[]) {
      for (const event of events) {
        if (event.type === 'Poison' && state.poisoned) throw new Error('poisoned event');
        await tx.query(
          `INSERT INTO stream_counts VALUES ($1, 1, $2)
           ON CONFLICT (stream_id) DO UPDATE SET events = stream_counts.events + 1, last_type = $2`,
          [event.streamId, event.type],
        );
      }
    },
  };
}

const rows = (db: SqlDatabase) =>
  db.query<{ stream_id: string; events: number; last_type: string }>(
    'SELECT stream_id, events, last_type FROM stream_counts ORDER BY stream_id',
  );

describe.each(testDatabaseKinds)('projection runtime on $name', (kind) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  let store: PostgresEventStore;
  const runners: ProjectionRunner[] = [];
  const poison = { poisoned: false };

  const newRunner = () => {
    const runner = new ProjectionRunner(
      db,
      store,
      [countingProjection(poison)],
      new FixedClock(),
      new Metrics({ processMetrics: false }),
      memoryLogger().logger,
      { retryMs: 30 },
    );
    runners.push(runner);
    return runner;
  };

  beforeEach(async () => {
    ({ db, dispose } = await kind.open());
    await migrate(db, eventStoreMigrations);
    store = new PostgresEventStore(db, new EventSchemas(), { pollIntervalMs: 20 });
    poison.poisoned = false;
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    // Its LISTEN connection too: left open, it kept jest running this file alone from exiting.
    await store.close();
    await dispose();
  });

  it('runs a reaction on each append at once; one that gathers waits for more, as a read model does', async () => {
    // Given a runner whose read models gather appends for a minute, with two reactions,
    const seen = { atOnce: [] as string[], gathering: [] as string[] };
    const runner = new ProjectionRunner(
      db,
      store,
      [
        reactor('sends_sms', ['Counted'], async (events) => {
          seen.atOnce.push(...events.map((event) => event.streamId));
        }),
        reactor(
          'finishes_quietly',
          ['Counted'],
          async (events) => {
            seen.gathering.push(...events.map((event) => event.streamId));
          },
          { gathers: true },
        ),
      ],
      new FixedClock(),
      new Metrics({ processMetrics: false }),
      memoryLogger().logger,
      { retryMs: 30, gatherMs: 60_000 },
    );
    runners.push(runner);
    await runner.migrate();
    await store.append('stored', [newEvent('Counted')], 'no_stream');
    runner.start();
    await runner.caughtUp();
    const until = async (holds: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!holds() && Date.now() < deadline) await sleep(10);
    };
    await until(() => seen.atOnce.length + seen.gathering.length === 2);
    // when an event is appended once both have read what was stored,
    await store.append('a', [newEvent('Counted')], 'no_stream');
    // then the awaited reaction has it at once, and the gathering one not yet.
    await until(() => seen.atOnce.length === 2);
    await sleep(200);
    expect(seen).toEqual({ atOnce: ['stored', 'a'], gathering: ['stored'] });
  });

  it("moves a reaction's checkpoint after its effects in one statement, still only from where it stands", async () => {
    // Given a reaction that has handled what was stored, and follows the store live,
    const { logger, lines } = memoryLogger();
    const handled: string[] = [];
    const runner = new ProjectionRunner(
      db,
      store,
      [
        reactor('sends_sms', ['Counted'], async (events) => {
          handled.push(...events.map((event) => event.streamId));
        }),
      ],
      new FixedClock(),
      new Metrics({ processMetrics: false }),
      logger,
      { retryMs: 30 },
    );
    runners.push(runner);
    await runner.migrate();
    const stored = await store.append('stored', [newEvent('Counted')], 'no_stream');
    runner.start();
    const checkpoint = async () => {
      const [row] = await db.query<{ at: string }>(
        `SELECT commit_position::text || '/' || prepare_position::text AS at
           FROM projection_checkpoints WHERE name = 'sends_sms'`,
      );
      return row?.at;
    };
    const at = (position: Position) => `${position.commit}/${position.prepare}`;
    const until = async (holds: () => Promise<boolean>) => {
      const deadline = Date.now() + 10_000;
      while (!(await holds()) && Date.now() < deadline) await sleep(10);
    };
    await until(async () => (await checkpoint()) === at(stored.position));
    await runner.caughtUp();
    const sent: Array<{ caller: string; commits: boolean }> = [];
    db.observeStatements((caller, commits) => sent.push({ caller, commits }));
    // when an event is appended,
    const appended = await store.append('a', [newEvent('Counted')], 'no_stream');
    await until(async () => (await checkpoint()) === at(appended.position));
    // then its effect ran, and its checkpoint moved in one statement that committed by itself
    // (not BEGIN, the move and COMMIT).
    expect(handled).toEqual(['stored', 'a']);
    expect(sent.filter((statement) => statement.caller === 'reaction:sends_sms')).toEqual([
      { caller: 'reaction:sends_sms', commits: true },
    ]);

    // And when its stored checkpoint is moved under it (another instance, say), its next batch's
    // effect runs but its move is refused; it restarts from what is stored, and the effect runs again
    // (at least once) before the checkpoint moves on.
    await db.query(
      "UPDATE projection_checkpoints SET prepare_position = prepare_position + 1000 WHERE name = 'sends_sms'",
    );
    const next = await store.append('b', [newEvent('Counted')], 'no_stream');
    await until(async () => (await checkpoint()) === at(next.position));
    expect(await checkpoint()).toBe(at(next.position));
    expect(lines.join('\n')).toContain('checkpoint of projection sends_sms moved under this instance');
    expect(handled).toEqual(['stored', 'a', 'b', 'b']);
  });

  it('applies the events it handles, and only those', async () => {
    const runner = newRunner();
    await runner.migrate();
    runner.start();
    await store.append('a', [newEvent('Counted'), newEvent('Ignored'), newEvent('Counted')], 'no_stream');
    await store.append('b', [newEvent('Counted')], 'no_stream');
    await runner.caughtUp();
    expect(await rows(db)).toEqual([
      { stream_id: 'a', events: 2, last_type: 'Counted' },
      { stream_id: 'b', events: 1, last_type: 'Counted' },
    ]);
  });

  it('writes neither rows nor checkpoint of a batch that fails, and resumes once it can', async () => {
    poison.poisoned = true;
    const runner = newRunner();
    await runner.migrate();
    await store.append('a', [newEvent('Counted'), newEvent('Poison'), newEvent('Counted')], 'no_stream');
    runner.start();
    await sleep(150);
    expect(await rows(db)).toEqual([]);
    expect(await db.query('SELECT * FROM projection_checkpoints')).toEqual([]);
    poison.poisoned = false;
    await runner.caughtUp();
    expect(await rows(db)).toEqual([{ stream_id: 'a', events: 3, last_type: 'Counted' }]);
  });

  it('resumes after a restart from its checkpoint, applying nothing twice', async () => {
    const first = newRunner();
    await first.migrate();
    first.start();
    await store.append('a', [newEvent('Counted'), newEvent('Counted')], 'no_stream');
    await first.caughtUp();
    await first.stop();
    await store.append('a', [newEvent('Counted')], 1n);
    const second = newRunner();
    second.start();
    await second.caughtUp();
    expect(await rows(db)).toEqual([{ stream_id: 'a', events: 3, last_type: 'Counted' }]);
  });

  it('rebuilds from position zero to identical rows', async () => {
    const runner = newRunner();
    await runner.migrate();
    runner.start();
    for (let i = 0; i < 40; i++)
      await store.append(`s${i % 7}`, [newEvent(i % 3 ? 'Counted' : 'Poison')], 'any');
    await runner.caughtUp();
    const before = await rows(db);
    await runner.rebuild('stream_counts');
    expect(await rows(db)).toEqual(before);
    expect(before.reduce((sum, row) => sum + row.events, 0)).toBe(40);
  });

  it('moves its checkpoint past events it does not handle, so that it never reads them again', async () => {
    const runner = newRunner();
    await runner.migrate();
    runner.start();
    await store.append('a', [newEvent('Ignored'), newEvent('Ignored')], 'no_stream');
    await runner.caughtUp();
    await runner.stop();
    const head = await store.headPosition();
    expect(
      await db.query(
        'SELECT commit_position::text AS commit, prepare_position::text AS prepare FROM projection_checkpoints',
      ),
    ).toEqual([{ commit: head.commit.toString(), prepare: head.prepare.toString() }]);
  });

  it('reports its lag behind the head', async () => {
    const runner = newRunner();
    await runner.migrate();
    const appended = await store.append('a', [newEvent('Counted'), newEvent('Counted')], 'no_stream');
    // On a shared server, other databases' open transactions hold the global order back a moment.
    const deadline = Date.now() + 10_000;
    while (comparePositions(await store.headPosition(), appended.position) < 0 && Date.now() < deadline)
      await sleep(10);
    const [before] = await runner.status();
    expect(before).toMatchObject({ name: 'stream_counts', caughtUp: false });
    expect(before!.lagEvents).toBeGreaterThan(0);
    runner.start();
    await runner.caughtUp();
    const [after] = await runner.status();
    expect(after).toMatchObject({ caughtUp: true, lagEvents: 0, lagSeconds: 0, active: true });
  });
});

(postgresKind ? describe : describe.skip)('projection runtime on a PostgreSQL server, its locks', () => {
  it('keeps one active instance per projection; the other takes over when it stops', async () => {
    const { db, dispose } = await postgresKind!.open();
    try {
      await migrate(db, eventStoreMigrations);
      const store = new PostgresEventStore(db, new EventSchemas(), { pollIntervalMs: 20 });
      const make = () =>
        new ProjectionRunner(
          db,
          store,
          [countingProjection({ poisoned: false })],
          new FixedClock(),
          new Metrics({ processMetrics: false }),
          memoryLogger().logger,
          { retryMs: 30 },
        );
      const one = make();
      const two = make();
      await one.migrate();
      one.start();
      await store.append('a', [newEvent('Counted')], 'no_stream');
      await one.caughtUp();
      two.start();
      await sleep(100);
      expect((await one.status())[0]!.active).toBe(true);
      expect((await two.status())[0]!.active).toBe(false);
      await one.stop();
      await store.append('a', [newEvent('Counted')], 0n);
      await two.caughtUp();
      expect((await two.status())[0]!.active).toBe(true);
      expect(await rows(db)).toEqual([{ stream_id: 'a', events: 2, last_type: 'Counted' }]);
      await two.stop();
    } finally {
      await dispose();
    }
  });

  it('tells the projection once that it may no longer be active when its lock is lost with its connection', async () => {
    const { db, dispose } = await postgresKind!.open();
    const told: boolean[] = [];
    const store = new PostgresEventStore(db, new EventSchemas(), { pollIntervalMs: 20 });
    const runner = new ProjectionRunner(
      db,
      store,
      [{ ...countingProjection({ poisoned: false }), onActive: (active) => told.push(active) }],
      new FixedClock(),
      new Metrics({ processMetrics: false }),
      memoryLogger().logger,
      { retryMs: 30 },
    );
    try {
      await migrate(db, eventStoreMigrations);
      await runner.migrate();
      // Only the live subscription moves past an event it does not handle: caught up, it follows live.
      await store.append('a', [newEvent('Ignored')], 'no_stream');
      runner.start();
      await runner.caughtUp();
      // The server ends the session holding the projection's advisory lock (as a restart would).
      const [ended] = await db.query<{ ended: boolean }>(
        `SELECT pg_terminate_backend(l.pid) AS ended FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND (l.classid::bigint << 32 | l.objid::bigint) = hashtextextended(current_schema() || $1, 0)`,
        ['numlink-projection:stream_counts'],
      );
      expect(ended).toEqual({ ended: true });
      while (told.length < 3) await sleep(10);
      await runner.stop();
      expect(told).toEqual([true, false, true, false]);
    } finally {
      await runner.stop();
      await dispose();
    }
  });
});
