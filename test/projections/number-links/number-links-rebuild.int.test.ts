import fc from 'fast-check';
import { EventSchemas } from '../../../src/application/event-schemas';
import { comparePositions, START, type Position } from '../../../src/application/ports/event-store';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { postgresEventTable } from '../../../src/infrastructure/event-store/postgres/postgres-event-table';
import type { NumberLinkEvent } from '../../../src/domain/number-link/events';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import type { SqlDatabase, SqlExecutor } from '../../../src/infrastructure/sql/sql-database';
import {
  createNumberLinksProjection,
  NUMBER_LINK_EVENT_TYPES,
  NUMBER_LINKS_PROJECTION,
} from '../../../src/projections/number-links/number-links-projection';
import { numberLinksRebuild } from '../../../src/projections/number-links/number-links-rebuild';
import { projected, type ProjectedEvent } from '../../../src/projections/runtime/projection';
import { rebuildBeside } from '../../../src/cli/commands/rebuild-beside';
import type { LastStaged } from '../../../src/projections/runtime/event-table';
import { ShadowTables } from '../../../src/projections/runtime/shadow-tables';
import { newEvent, sleep } from '../../support/events';
import { ProjectionWorld, testProjectionRunner } from '../../support/projection-spec';
import { postgresKind, testDatabaseKinds } from '../../support/test-databases';
import { accounts, numbers, anyLog, playConfirmations, type StreamEvent } from './number-link-facts';

const projection = createNumberLinksProjection();

/** The events as the runner hands them on, in global order. */
const projectedEvents = (events: readonly StreamEvent[]): ProjectedEvent<NumberLinkEvent>[] =>
  events.map(({ streamId, revision, event }, i) => ({
    ...event,
    eventId: `e-${i}`,
    schemaVersion: 1,
    streamId,
    revision: BigInt(revision),
    position: { commit: BigInt(i + 1), prepare: BigInt(i + 1) },
    metadata: {
      occurredAt: event.data.at,
      actor: { principal: 'portal', role: 'channel:portal' },
      correlationId: `c-${i}`,
      causationId: `c-${i}`,
    },
    recordedAt: event.data.at,
  })) as ProjectedEvent<NumberLinkEvent>[];

/** Slices cut after the given indexes (none empty). */
function cutInto<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const bounds = [...new Set([0, ...cuts.filter((c) => c < items.length), items.length])].sort(
    (a, b) => a - b,
  );
  return bounds.slice(1).map((end, i) => items.slice(bounds[i], end));
}

async function tables(db: SqlDatabase) {
  return {
    links: await db.query('SELECT * FROM number_links ORDER BY iin'),
    history: await db.query('SELECT * FROM number_link_history ORDER BY iin, revision'),
  };
}

/** Staging tables left in the test's schema. */
const stagingTables = (db: SqlDatabase) =>
  db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'numlink_staging_%'`,
  );

async function applyInBatches(db: SqlDatabase, events: readonly StreamEvent[], cuts: readonly number[]) {
  await db.exec('DELETE FROM number_links; DELETE FROM number_link_history');
  for (const batch of cutInto(projectedEvents(events), cuts))
    await db.transaction((tx) => projection.apply(tx, batch));
  return tables(db);
}

/** Stages the events cut into pages, then builds in `parts` parts, each step committed alone. */
async function rebuildInOnePass(
  db: SqlDatabase,
  events: readonly StreamEvent[],
  pages: readonly number[],
  parts = 1,
) {
  await db.exec('DELETE FROM number_links; DELETE FROM number_link_history');
  const staging = 'number_links_staging_test';
  await db.transaction((tx) => numberLinksRebuild.createStaging(tx, staging));
  try {
    let staged = 0;
    for (const page of cutInto(projectedEvents(events), pages)) {
      await db.transaction((tx) => numberLinksRebuild.stage(tx, staging, page, staged));
      staged += page.length;
    }
    for (const step of numberLinksRebuild.build(staging, parts)) await db.transaction(step);
    // Nothing left beside the staging.
    expect(
      await db.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE '${staging}%'`,
      ),
    ).toEqual([{ tablename: staging }]);
  } finally {
    await db.exec(`DROP TABLE ${staging}`);
  }
  return tables(db);
}

/**
 * The schemas of this file's rebuilds, noted as they are made: on the server, other test files' rebuilds
 * run meanwhile in schemas of their own.
 */
const madeShadows: string[] = [];
const create = ShadowTables.create.bind(ShadowTables);
jest.spyOn(ShadowTables, 'create').mockImplementation(async (...args) => {
  const shadow = await create(...args);
  madeShadows.push(shadow.schema);
  return shadow;
});

/** Schemas of this file's rebuilds left behind: none should outlive its rebuild. */
const shadowSchemas = (db: SqlDatabase) =>
  db.query(`SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])`, [madeShadows]);

/** The indexes (and the constraints behind them) of the view's tables in the test's schema. */
const viewIndexes = (db: SqlDatabase) =>
  db.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename IN ('number_links', 'number_link_history')
      ORDER BY indexname`,
  );

/** The database with every transaction it runs noted: the statements, and its transaction id if it took one. */
function watchTransactions(db: SqlDatabase) {
  const transactions: { statements: string[]; xid: string | null }[] = [];
  const watched = Object.assign(Object.create(db) as SqlDatabase, {
    transaction: <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> =>
      db.transaction(async (tx) => {
        const statements: string[] = [];
        const value = await work({
          query: (sql, params) => (statements.push(sql), tx.query(sql, params)),
          exec: (sql) => (statements.push(sql), tx.exec(sql)),
        });
        const [row] = await tx.query<{ xid: string | null }>(
          'SELECT txid_current_if_assigned()::text AS xid',
        );
        transactions.push({ statements, xid: row!.xid });
        return value;
      }),
  });
  return { watched, transactions };
}

const cutsArb = fc.array(fc.nat(40), { maxLength: 6 });

/** The projection with its one-pass rebuild counting the events it builds from. */
function countingOnePass() {
  const counted = { builds: 0, staged: 0 };
  const projection = {
    ...createNumberLinksProjection(),
    rebuildInOnePass: {
      ...numberLinksRebuild,
      stage: async (...args: Parameters<typeof numberLinksRebuild.stage>) => {
        counted.staged += args[2].length;
        await numberLinksRebuild.stage(...args);
      },
      build: (...args: Parameters<typeof numberLinksRebuild.build>) => {
        counted.builds += 1;
        return numberLinksRebuild.build(...args);
      },
    },
  };
  return { projection, counted };
}

/** The staging table's rows, in staged order. */
const stagedRows = (db: SqlDatabase, table: string) => db.query(`SELECT * FROM ${table} ORDER BY seq`);

/** Copies the number-link events (up to `upTo`) into `table` in the database, `limit` a page, as a one-pass rebuild does. */
async function copyEveryPage(db: SqlDatabase, table: string, limit: number, upTo?: Position) {
  let copied = 0;
  let last: LastStaged | undefined;
  for (;;) {
    const page = await db.transaction((tx) =>
      postgresEventTable.copyPage(tx, {
        from: last?.position ?? START,
        ...(upTo ? { upTo } : {}),
        types: NUMBER_LINK_EVENT_TYPES,
        limit,
        into: table,
        staging: numberLinksRebuild.stageInDatabase!,
        firstSeq: copied,
      }),
    );
    if ('otherSchemaVersion' in page) return page;
    copied += page.copied;
    last = page.last ?? last;
    if (page.copied < limit) return { copied, last };
  }
}

/** A store that writes NumberConnected in a schema version 2 (its data unchanged), as a later release might. */
const numberConnectedAtVersion2 = new EventSchemas({
  NumberConnected: { currentVersion: 2, upcasters: { 1: (data: unknown) => data } },
});

describe.each(testDatabaseKinds)(
  'the number-link view rebuilt in one pass on $name (issue 11 item 9)',
  (kind) => {
    let db: SqlDatabase;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ db, dispose } = await kind.open());
      await migrate(db, projection.migrations);
    });
    afterAll(() => dispose());

    it('for any log, its accounts out of step in any way, built in any number of parts, gives the rows of batch after batch', () =>
      fc.assert(
        fc.asyncProperty(
          anyLog,
          cutsArb,
          cutsArb,
          fc.integer({ min: 1, max: 5 }),
          async (events, batches, pages, parts) => {
            const applied = await applyInBatches(db, events, batches);
            expect(await rebuildInOnePass(db, events, pages, parts)).toEqual(applied);
          },
        ),
        { numRuns: 40 },
      ));

    it('given numbers moving as the deciders move them, cut off anywhere, built in any number of parts, gives the rows of batch after batch', () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              account: fc.nat(accounts.length - 1),
              phone: fc.nat(numbers.length - 1),
              releaseFirst: fc.boolean(),
            }),
            { maxLength: 20 },
          ),
          fc.nat(60),
          cutsArb,
          fc.integer({ min: 1, max: 5 }),
          async (confirmations, end, batches, parts) => {
            // Cut off anywhere: the last new holder's previous holder may not be released yet.
            const events = playConfirmations(confirmations).events.slice(0, end);
            const applied = await applyInBatches(db, events, batches);
            expect(await rebuildInOnePass(db, events, [], parts)).toEqual(applied);
          },
        ),
        { numRuns: 25 },
      ));
  },
);

describe.each(testDatabaseKinds)(
  'the number-link events staged in the database, table to table, on $name (issue 11 item 9)',
  (kind) => {
    let world: ProjectionWorld;
    beforeAll(async () => {
      world = await ProjectionWorld.open(kind, []);
      await world.db.transaction((tx) => numberLinksRebuild.createStaging(tx, 'staged_here'));
      await world.db.transaction((tx) => numberLinksRebuild.createStaging(tx, 'staged_there'));
    });
    afterAll(() => world.dispose());

    it('for any log among other events, cut into any pages and ended anywhere, stages the rows `stage` stages', () =>
      fc.assert(
        fc.asyncProperty(
          anyLog,
          fc.integer({ min: 1, max: 12 }),
          fc.option(fc.nat()),
          fc.nat(3),
          async (events, limit, endAt, otherEvery) => {
            // On top of the earlier runs' events, each appended alone, events of other types among them.
            let appended = START;
            for (const [i, { streamId, event }] of events.entries()) {
              appended = await world.append([{ streamId, event }]);
              if (otherEvery > 0 && i % otherEvery === 0)
                appended = await world.append([
                  { streamId: `request-${i}`, event: newEvent('OtpIssued', { i }) },
                ]);
            }
            // A transaction open elsewhere on a shared server holds the global order back: wait till it passes.
            while (comparePositions(await world.store.headPosition(), appended) < 0) await sleep(5);
            const all = await world.store.readAll({
              from: START,
              limit: 1_000_000,
              types: NUMBER_LINK_EVENT_TYPES,
            });
            const end = endAt === null || all.length === 0 ? undefined : all[endAt % all.length]!.position;
            const read = end ? all.filter((event) => comparePositions(event.position, end) <= 0) : all;
            await world.db.exec('DELETE FROM staged_here; DELETE FROM staged_there');
            await world.db.transaction((tx) =>
              numberLinksRebuild.stage(
                tx,
                'staged_here',
                projected(read) as ProjectedEvent<NumberLinkEvent>[],
                0,
              ),
            );

            const copy = await copyEveryPage(world.db, 'staged_there', limit, end);

            const last = read[read.length - 1];
            expect(copy).toEqual({
              copied: read.length,
              last: last && { position: last.position, recordedAt: last.recordedAt },
            });
            expect(await stagedRows(world.db, 'staged_there')).toEqual(
              await stagedRows(world.db, 'staged_here'),
            );
          },
        ),
        { numRuns: 20 },
      ));

    it('copies nothing from a page that holds an event stored in a schema version its SQL was not written for', async () => {
      const other = await ProjectionWorld.open(kind, []);
      const newer = new PostgresEventStore(other.db, numberConnectedAtVersion2);
      try {
        await other.db.transaction((tx) => numberLinksRebuild.createStaging(tx, 'staged_there'));
        const { events } = playConfirmations([
          { account: 0, phone: 0, releaseFirst: false },
          { account: 1, phone: 0, releaseFirst: false },
        ]);
        const before = await other.append(events);
        // A later release writes NumberConnected at version 2.
        const { position: later } = await newer.append(
          'number-link-later',
          [newEvent('NumberConnected', events[0]!.event.data)],
          'any',
        );
        while (comparePositions(await other.store.headPosition(), later) < 0) await sleep(5);

        expect(await copyEveryPage(other.db, 'staged_there', 10, before)).toMatchObject({
          copied: events.length,
        });
        await other.db.exec('DELETE FROM staged_there');
        expect(await copyEveryPage(other.db, 'staged_there', 10)).toEqual({ otherSchemaVersion: true });
        expect(await stagedRows(other.db, 'staged_there')).toEqual([]);
      } finally {
        await newer.close();
        await other.dispose();
      }
    });
  },
);

describe.each(testDatabaseKinds)('rebuilding the number-link view through the runner on $name', (kind) => {
  const confirmations = Array.from({ length: 40 }, (_, i) => ({
    account: (i * 7) % accounts.length,
    phone: (i * 5 + (i >> 2)) % numbers.length,
    releaseFirst: i % 3 === 0,
  }));
  const { events } = playConfirmations(confirmations);

  it('builds the rows the live projection wrote, and goes on from its checkpoint with later events', async () => {
    const world = await ProjectionWorld.open(kind, [createNumberLinksProjection()]);
    try {
      await world.record(events.slice(0, 30));
      const live = await tables(world.db);
      await world.rebuild(NUMBER_LINKS_PROJECTION);
      expect(await tables(world.db)).toEqual(live);
      // Later events go on from the rebuilt checkpoint: none applied twice, none skipped.
      await world.record(events.slice(30));
      const after = await tables(world.db);
      const reference = await ProjectionWorld.open(kind, [createNumberLinksProjection()]);
      try {
        await reference.record(events);
        expect(after).toEqual(await tables(reference.db));
      } finally {
        await reference.dispose();
      }
      expect(await stagingTables(world.db)).toEqual([]);
      expect(await shadowSchemas(world.db)).toEqual([]);
    } finally {
      await world.dispose();
    }
  });

  it("swaps in tables with the live ones' indexes and constraints (a number still connects to one account only)", async () => {
    const world = await ProjectionWorld.open(kind, [createNumberLinksProjection()]);
    try {
      await world.record(events);
      const indexes = await viewIndexes(world.db);
      expect(indexes.map((index) => index.indexname)).toEqual(
        expect.arrayContaining(['number_links_phone', 'number_links_pkey', 'number_link_history_open']),
      );

      await world.rebuild(NUMBER_LINKS_PROJECTION);

      expect(await viewIndexes(world.db)).toEqual(indexes);
      // Analyzed before they moved in: the planner knows their size and columns.
      const [analyzed] = await world.db.query<{ reltuples: number; columns: number }>(
        `SELECT reltuples::int AS reltuples,
                (SELECT count(*)::int FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'number_links') AS columns
           FROM pg_class WHERE oid = 'number_links'::regclass`,
      );
      expect(analyzed).toEqual({ reltuples: accounts.length, columns: 6 });
      const [held] = await world.db.query<{ phone: string }>(
        'SELECT phone FROM number_links WHERE phone IS NOT NULL LIMIT 1',
      );
      await expect(
        world.db.query(
          `INSERT INTO number_links (iin, phone, updated_at) VALUES ('000000000000', $1, now())`,
          [held!.phone],
        ),
      ).rejects.toMatchObject({ code: '23505' });
    } finally {
      await world.dispose();
    }
  });

  it('builds in steps that commit alone, and swaps with the checkpoint in one transaction', async () => {
    const world = await ProjectionWorld.open(kind, [createNumberLinksProjection()]);
    const { watched, transactions } = watchTransactions(world.db);
    const runner = testProjectionRunner(watched, world.store, [createNumberLinksProjection()], {
      eventTable: postgresEventTable,
    });
    try {
      await world.record(events);
      const live = await tables(world.db);
      await world.runner.stop();

      await runner.rebuild(NUMBER_LINKS_PROJECTION);

      const writing = (pattern: RegExp) =>
        transactions.filter((t) => t.statements.some((sql) => pattern.test(sql)));
      const built = writing(/INSERT INTO number_links\b/);
      const swaps = writing(/ALTER TABLE \S+ SET SCHEMA/);
      expect(built).toHaveLength(1);
      expect(writing(/INSERT INTO \S+_taken/)).toHaveLength(1);
      expect(writing(/INSERT INTO \S+_taken/)[0]).not.toBe(built[0]);
      // The swap moves the checkpoint and the tables, and builds nothing.
      expect(swaps).toHaveLength(1);
      expect(swaps[0]!.statements.some((sql) => /projection_checkpoints/.test(sql))).toBe(true);
      expect(swaps[0]).not.toBe(built[0]);
      expect(await tables(world.db)).toEqual(live);
      expect(await shadowSchemas(world.db)).toEqual([]);
    } finally {
      await runner.stop();
      await world.dispose();
    }
  });

  it.each([
    ['copies them table to table in the database', {}, 0],
    [
      'reads them here when the log is no table of this database (EventStoreDB)',
      { stageHere: true },
      events.length,
    ],
    [
      'reads them here, upcast, when one is stored in a schema version its staging SQL was not written for',
      { schemas: numberConnectedAtVersion2 },
      events.length,
    ],
  ])('stages the events of a damaged view: %s', async (_, options, stagedHere) => {
    const { projection, counted } = countingOnePass();
    const world = await ProjectionWorld.open(kind, [projection], options);
    try {
      await world.record(events);
      const live = await tables(world.db);
      await world.db.exec('UPDATE number_links SET phone = NULL; DELETE FROM number_link_history');

      await world.rebuild(NUMBER_LINKS_PROJECTION);

      expect(await tables(world.db)).toEqual(live);
      expect(counted).toEqual({ builds: 1, staged: stagedHere });
      expect(await stagingTables(world.db)).toEqual([]);
    } finally {
      await world.dispose();
    }
  });

  it('leaves the old rows and checkpoint when the build fails, and drops its staging table', async () => {
    const failing = createNumberLinksProjection();
    const broken = {
      ...failing,
      rebuildInOnePass: {
        ...numberLinksRebuild,
        build: () => [
          async () => {
            throw new Error('disk full');
          },
        ],
      },
    };
    const world = await ProjectionWorld.open(kind, [broken]);
    try {
      await world.record(events);
      const before = await tables(world.db);
      const checkpointBefore = await world.db.query('SELECT * FROM projection_checkpoints');
      await expect(world.runner.rebuild(NUMBER_LINKS_PROJECTION)).rejects.toThrow('disk full');
      expect(await tables(world.db)).toEqual(before);
      expect(await world.db.query('SELECT * FROM projection_checkpoints')).toEqual(checkpointBefore);
      expect(await stagingTables(world.db)).toEqual([]);
      expect(await shadowSchemas(world.db)).toEqual([]);
    } finally {
      await world.dispose();
    }
  });
});

describe.each(testDatabaseKinds)(
  "rebuilding the number-link view beside the live one (the CLI's rebuild) on $name",
  (kind) => {
    const confirmations = Array.from({ length: 40 }, (_, i) => ({
      account: (i * 3) % accounts.length,
      phone: (i * 7 + (i >> 1)) % numbers.length,
      releaseFirst: i % 4 === 1,
    }));
    const { events } = playConfirmations(confirmations);

    it.each([
      [
        'in one pass',
        `UPDATE number_links SET phone = NULL WHERE phone IS NOT NULL;
         DELETE FROM number_link_history WHERE released_at IS NOT NULL`,
        {},
        events.length,
      ],
      [
        'from the events table, as the CLI wires it,',
        'DELETE FROM number_links WHERE phone IS NOT NULL',
        { eventTable: postgresEventTable },
        0,
      ],
    ])('builds a damaged view again %s and swaps the right rows in', async (_, damage, options, staged) => {
      const { projection, counted } = countingOnePass();
      const world = await ProjectionWorld.open(kind, [projection]);
      try {
        await world.record(events);
        const live = await tables(world.db);
        await world.db.exec(damage);

        const outcome = await rebuildBeside(world.db, world.store, projection, options);

        expect(counted).toEqual({ builds: 1, staged });
        expect(outcome).toMatchObject({ events: events.length, identical: false, swapped: true });
        expect(await tables(world.db)).toEqual(live);
        expect(await stagingTables(world.db)).toEqual([]);
        expect(await shadowSchemas(world.db)).toEqual([]);
      } finally {
        await world.dispose();
      }
    });

    it('builds its shadow tables in steps that commit alone (none holds the global order back for the whole build)', async () => {
      const world = await ProjectionWorld.open(kind, [createNumberLinksProjection()]);
      try {
        await world.record(events);
        const { watched, transactions } = watchTransactions(world.db);

        const outcome = await rebuildBeside(watched, world.store, createNumberLinksProjection(), {
          eventTable: postgresEventTable,
        });

        expect(outcome).toMatchObject({ identical: true, swapped: false });
        const writing = (table: string) =>
          transactions.filter((t) =>
            t.statements.some((sql) => new RegExp(`INSERT INTO ${table}\\b`).test(sql)),
          );
        const taken = transactions.filter((t) =>
          t.statements.some((sql) => /INSERT INTO \S+_taken/.test(sql)),
        );
        expect(taken).toHaveLength(1);
        expect(writing('number_link_history')).toHaveLength(1);
        expect(writing('number_link_history')).toEqual(writing('number_links'));
        expect(taken[0]).not.toBe(writing('number_links')[0]);
      } finally {
        await world.dispose();
      }
    });

    it('compares in a snapshot that holds no transaction id (the global order and the live projector go on)', async () => {
      const world = await ProjectionWorld.open(kind, [createNumberLinksProjection()]);
      try {
        await world.record(events);
        const { watched, transactions } = watchTransactions(world.db);

        const outcome = await rebuildBeside(watched, world.store, createNumberLinksProjection());

        expect(outcome).toMatchObject({ identical: true, swapped: false });
        const comparisons = transactions.filter((t) =>
          t.statements.some((sql) => sql.includes('numlink_side')),
        );
        expect(comparisons).toHaveLength(1);
        expect(comparisons[0]!.xid).toBeNull();
      } finally {
        await world.dispose();
      }
    });

    it('goes on batch after batch past its one pass when the live view moves meanwhile', async () => {
      const { projection, counted } = countingOnePass();
      const world = await ProjectionWorld.open(kind, [projection]);
      try {
        await world.record(events.slice(0, 25));
        // The live view moves on while the one pass reads: the first short page of the read brings
        // the later events in and waits until the live projection has applied them.
        let moved = false;
        const log = Object.assign(Object.create(world.store) as typeof world.store, {
          readAll: async (options: Parameters<typeof world.store.readAll>[0]) => {
            const page = await world.store.readAll(options);
            if (!moved && page.length < (options.limit ?? Infinity)) {
              moved = true;
              await world.record(events.slice(25));
            }
            return page;
          },
        });

        const outcome = await rebuildBeside(world.db, log, projection);

        expect(moved).toBe(true);
        // The one pass took the first 25, the catch-up after it the rest; both agree with the live rows.
        expect(counted).toEqual({ builds: 1, staged: 25 });
        expect(outcome).toMatchObject({ events: events.length, identical: true, swapped: false });
      } finally {
        await world.dispose();
      }
    });
  },
);

// The warning that the server tests are skipped is printed by test-databases when no server is given.
(postgresKind ? describe : describe.skip)('swapping the rebuilt view in while it is read (server)', () => {
  const { events } = playConfirmations(
    Array.from({ length: 20 }, (_, i) => ({
      account: i % accounts.length,
      phone: i % numbers.length,
      releaseFirst: false,
    })),
  );

  /** An ungranted lock on the live `number_links` in the test's schema: the swap waiting for it. */
  const swapWaiting = async (db: SqlDatabase): Promise<boolean> =>
    (
      await db.query(
        `SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
          WHERE c.relname = 'number_links' AND c.relnamespace = current_schema()::regnamespace
            AND l.mode = 'AccessExclusiveLock' AND NOT l.granted`,
      )
    ).length > 0;

  it('lets the readers queued behind its lock go on while an earlier reader holds the table, then swaps', async () => {
    const world = await ProjectionWorld.open(postgresKind!, [createNumberLinksProjection()]);
    try {
      await world.record(events);
      const live = await tables(world.db);
      let endReader!: () => void;
      let readerHolds!: () => void;
      const holding = new Promise<void>((resolve) => (readerHolds = resolve));
      // A reader in a long transaction: it holds the table until it ends.
      const reader = world.db.transaction(async (tx) => {
        await tx.query('SELECT count(*) FROM number_links');
        readerHolds();
        await new Promise<void>((resolve) => (endReader = resolve));
      });
      await holding;
      let rebuilt = false;
      const rebuilding = world.runner.rebuild(NUMBER_LINKS_PROJECTION).then(() => (rebuilt = true));
      while (!(await swapWaiting(world.db))) await sleep(10);

      // Queued behind the swap's request: it is served once the swap lets go, before the first reader ends.
      const [queued] = await world.db.query<{ n: string }>('SELECT count(*)::text AS n FROM number_links');

      expect(queued!.n).toBe(String(live.links.length));
      expect(rebuilt).toBe(false);
      endReader();
      await reader;
      await rebuilding;
      expect(await tables(world.db)).toEqual(live);
      expect(await shadowSchemas(world.db)).toEqual([]);
    } finally {
      await world.dispose();
    }
  });
});
