/**
 * `npm run bench:projection`: rebuilds the number-link view over 1,000,000 stored events on the
 * PostgreSQL server, in one pass (as the runner does, and as the operator's `numlink projections
 * rebuild` does beside the live tables, comparing before it would swap; each both with the events
 * copied table to table in the database, as the service wires the PostgreSQL store, and read into this
 * process and staged from here, as on EventStoreDB) and batch after batch (as projections without a
 * one-pass rebuild still are), against the rate at which
 * `PostgresEventStore.readAll` reads the same events at all, interleaved in the same run. Prints
 * figures; fails only when the view comes out wrong or the rebuilds' rows differ.
 *
 * The events are written straight into the `events` table by one `INSERT ... SELECT` over
 * generate_series, in the shapes the deciders write. Accounts come in groups of five through which one
 * number moves (operators recycle numbers, SPEC R11): each holder proves possession in a request
 * (ConsentRecorded, OtpIssued, sometimes an OtpConfirmationFailed, NumberConfirmed), gets
 * NumberConnected, and the previous holder NumberReleased, written after the new holder's connection
 * (the order the view must survive). In every other group the last holder already had a number of its
 * own, so the moving number reaches it as a NumberChanged. Groups advance step by step together, so
 * one batch of the projection spans about a thousand accounts, as under live load.
 */
import {
  CONNECTING_EVENT_DATA,
  OPENING_REQUEST_EVENT_DATA,
  PORTAL_EVENT_METADATA,
} from './support/synthetic-event-sql';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventSchemas } from '../src/application/event-schemas';
import { comparePositions, START, type Position } from '../src/application/ports/event-store';
import { NUMBER_LINK_EVENT_SCHEMA_VERSIONS } from '../src/domain/number-link/events';
import { NUMBER_REQUEST_EVENT_SCHEMA_VERSIONS } from '../src/domain/number-request/events';
import type { Iin } from '../src/domain/shared/iin';
import { SystemClock } from '../src/infrastructure/clock/system-clock';
import { eventStoreMigrations } from '../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../src/infrastructure/event-store/postgres/postgres-event-store';
import { createLogger } from '../src/infrastructure/observability/logger';
import { Metrics } from '../src/infrastructure/observability/metrics';
import { migrate } from '../src/infrastructure/sql/migrations';
import type { SqlDatabase, SqlExecutor } from '../src/infrastructure/sql/sql-database';
import { findLinkByIin } from '../src/projections/number-links/number-link-queries';
import {
  createNumberLinksProjection,
  NUMBER_LINK_EVENT_TYPES,
  NUMBER_LINKS_PROJECTION,
} from '../src/projections/number-links/number-links-projection';
import { ProjectionRunner } from '../src/projections/runtime/projection-runner';
import { rebuildBeside } from '../src/cli/commands/rebuild-beside';
import { postgresEventTable } from '../src/infrastructure/event-store/postgres/postgres-event-table';
import type { EventTable } from '../src/projections/runtime/event-table';
import { runClosedLoop } from './support/closed-loop';
import { formatTable } from './support/format-table';
import { openFreshSchema } from './support/fresh-schema';
import { runInterleaved } from './support/interleaved-runs';
import { describeMachine } from './support/machine-description';
import { median } from './support/median';

const GROUPS = Number(process.env.NUMLINK_BENCH_GROUPS ?? '37037');
const ACCOUNTS_PER_GROUP = 5;
const ROUNDS = 3;
const BATCH = 1_000;
const TARGET_EVENTS_PER_SECOND = 50_000; // issue 11 item 9
const QUERY_WORKERS = 16;
const QUERY_SECONDS = 5;

/**
 * One event of a group's story. `kind`: 0 every group, 1 only the groups whose last holder had a
 * number first. `request` numbers the group's requests (a stream each); `account` is 0-4 in the group.
 */
interface Template {
  readonly kind: 0 | 1 | 'all';
  readonly step: number;
  readonly type: string;
  readonly account: number;
  readonly request: number;
  /** The revision in its stream: the request's, or the account's number-link stream. */
  readonly revision: number;
  /** P: the number that moves; Q: the last holder's own number (kind 1). */
  readonly phone: 'P' | 'Q';
  readonly purpose: 'connect' | 'change';
}

/** A request proving possession, then the connection (or change) it makes, then the old holder's release. */
function move(
  kind: Template['kind'],
  step: number,
  account: number,
  request: number,
  failures: number,
): Template[] {
  const changes = kind === 1 && account === 4;
  const purpose = changes ? 'change' : 'connect';
  const req = (type: string, revision: number): Template => ({
    kind,
    step,
    type,
    account,
    request,
    revision,
    phone: 'P',
    purpose,
  });
  const requestEvents = [
    req('ConsentRecorded', 0),
    req('OtpIssued', 1),
    ...Array.from({ length: failures }, (_, i) => req('OtpConfirmationFailed', 2 + i)),
    req('NumberConfirmed', 2 + failures),
  ];
  const connection = req(changes ? 'NumberChanged' : 'NumberConnected', changes ? 1 : 0);
  // The previous holder's own stream: its connection was revision 0.
  const release: Template[] = account === 0 ? [] : [{ ...req('NumberReleased', 1), account: account - 1 }];
  return [...requestEvents, connection, ...release];
}

const TEMPLATES: readonly Template[] = [
  ...move('all', 0, 0, 0, 0),
  // Kind 1: the last holder connects a number of its own first.
  ...[
    { type: 'ConsentRecorded', revision: 0 },
    { type: 'OtpIssued', revision: 1 },
    { type: 'NumberConfirmed', revision: 2 },
    { type: 'NumberConnected', revision: 0 },
  ].map(({ type, revision }): Template => ({
    kind: 1,
    step: 0,
    type,
    account: 4,
    request: 5,
    revision,
    phone: 'Q',
    purpose: 'connect',
  })),
  ...move('all', 1, 1, 1, 1),
  ...move('all', 2, 2, 2, 0),
  ...move('all', 3, 3, 3, 0),
  ...move(0, 4, 4, 4, 0),
  ...move(1, 4, 4, 4, 0),
];

const templateValues = TEMPLATES.map(
  (t, ord) =>
    `(${t.kind === 'all' ? 'NULL' : t.kind}, ${t.step}, ${ord}, '${t.type}', ${t.account}, ${t.request}, ${t.revision}, '${t.phone}', '${t.purpose}')`,
).join(',\n    ');

// Every event's row, in the global order (step, group, template order); `n` is its position.
const INSERT_EVENTS = `
WITH t(kind, step, ord, type, account, request, revision, phone_slot, purpose) AS (VALUES
    ${templateValues}
), e AS (
  SELECT row_number() OVER (ORDER BY t.step, g, t.ord) AS n, g, t.*,
         lpad((g * ${ACCOUNTS_PER_GROUP} + t.account)::text, 12, '0') AS iin,
         md5(g || '/' || t.request)::uuid::text AS request_id,
         CASE t.phone_slot WHEN 'P' THEN '+7701' ELSE '+7702' END || lpad(g::text, 7, '0') AS phone,
         '+7702' || lpad(g::text, 7, '0') AS own_phone
    FROM generate_series(0, $1::int - 1) AS g
    JOIN t ON t.kind IS NULL OR t.kind = g % 2
), timed AS (
  SELECT e.*, to_char(('2026-01-05T00:00:00Z'::timestamptz + e.n * interval '10 ms') AT TIME ZONE 'UTC',
                      'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
    FROM e
)
INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata)
SELECT n, gen_random_uuid(),
       CASE WHEN type LIKE 'Number%' AND type <> 'NumberConfirmed'
            THEN 'number-link-' || iin ELSE 'number-request-' || request_id END,
       revision, type, 1,
       CASE type
${OPENING_REQUEST_EVENT_DATA}
         WHEN 'OtpConfirmationFailed' THEN jsonb_build_object('requestId', request_id, 'code', 'otp_invalid',
           'attemptsLeft', 4, 'at', at)
${CONNECTING_EVENT_DATA}
         WHEN 'NumberChanged' THEN jsonb_build_object('iin', iin, 'from', own_phone, 'to', phone,
           'requestId', request_id, 'channel', 'portal', 'at', at)
         WHEN 'NumberReleased' THEN jsonb_build_object('iin', iin, 'phone', phone,
           'reason', 'number_moved_to_another_account', 'byRequestId', request_id, 'at', at)
       END,
${PORTAL_EVENT_METADATA}
  FROM timed`;

/** Reads every event of `types` (all when undefined) from the start, a batch at a time. */
async function readEverything(store: PostgresEventStore, types?: readonly string[]): Promise<number> {
  let from: Position = START;
  let count = 0;
  for (;;) {
    const batch = await store.readAll({ from, limit: BATCH, ...(types ? { types } : {}) });
    const last = batch.at(-1);
    if (!last) return count;
    count += batch.length;
    from = last.position;
  }
}

async function applied(runner: ProjectionRunner, position: Position): Promise<void> {
  for (;;) {
    const [status] = await runner.status();
    if (comparePositions(status!.checkpoint, position) >= 0) return;
    await sleep(5);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const began = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - began) / 1000 };
}

interface ViewCounts {
  links: string;
  held: string;
  history: string;
  open: string;
}

async function viewCounts(db: SqlExecutor): Promise<ViewCounts> {
  const [counts] = await db.query<ViewCounts>(
    `SELECT (SELECT count(*) FROM number_links)::text AS links,
            (SELECT count(*) FROM number_links WHERE phone IS NOT NULL)::text AS held,
            (SELECT count(*) FROM number_link_history)::text AS history,
            (SELECT count(*) FROM number_link_history WHERE released_at IS NULL)::text AS open`,
  );
  return counts!;
}

/** A digest of every row of the view, to show that rebuilds give identical rows. */
async function viewDigest(db: SqlExecutor): Promise<string> {
  const [row] = await db.query<{ digest: string }>(
    `SELECT md5((SELECT string_agg(l::text, '|' ORDER BY l.iin) FROM number_links l) ||
                (SELECT string_agg(h::text, '|' ORDER BY h.iin, h.revision) FROM number_link_history h)) AS digest`,
  );
  return row!.digest;
}

const loadAverage = (): string =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');

async function main(): Promise<void> {
  const fresh = await openFreshSchema('projection', 8);
  try {
    const { db } = fresh;
    console.log((await describeMachine(db)).join('\n'));
    console.log(`load average (1/5/15 min) before: ${loadAverage()}`);
    await migrate(db, eventStoreMigrations);

    const load = await timed(async () => {
      await db.query(INSERT_EVENTS, [GROUPS]);
      await db.query(`SELECT setval('events_position_seq', (SELECT max(position) FROM events))`);
      await db.exec('VACUUM ANALYZE events');
    });
    const mix = await db.query<{ type: string; events: string }>(
      'SELECT type, count(*)::text AS events FROM events GROUP BY type ORDER BY type',
    );
    const total = mix.reduce((sum, row) => sum + Number(row.events), 0);
    const projection = createNumberLinksProjection();
    const handled = mix
      .filter((row) => (NUMBER_LINK_EVENT_TYPES as readonly string[]).includes(row.type))
      .reduce((sum, row) => sum + Number(row.events), 0);
    console.log(
      `\nstored ${total.toLocaleString('en')} events in ${load.seconds.toFixed(1)} s ` +
        `(${(GROUPS * ACCOUNTS_PER_GROUP).toLocaleString('en')} accounts, ${GROUPS.toLocaleString('en')} moving numbers): ` +
        mix.map((row) => `${row.type} ${row.events}`).join(', '),
    );
    console.log(
      `number-link events: ${handled.toLocaleString('en')} (${((100 * handled) / total).toFixed(1)}%); ` +
        `request events: ${(total - handled).toLocaleString('en')} (${((100 * (total - handled)) / total).toFixed(1)}%)\n`,
    );

    const schemas = EventSchemas.fromVersions(
      NUMBER_REQUEST_EVENT_SCHEMA_VERSIONS,
      NUMBER_LINK_EVENT_SCHEMA_VERSIONS,
    );
    const store = new PostgresEventStore(db, schemas, { pollIntervalMs: 10 });
    // The events table as the service wires it, each page's statement timed: while it runs, its
    // transaction holds the global order back (every subscription waits, the SMS dispatcher too).
    const copyMs: number[] = [];
    const eventTable: EventTable = {
      copyPage: async (tx, page) => {
        const began = performance.now();
        const copied = await postgresEventTable.copyPage(tx, page);
        copyMs.push(performance.now() - began);
        return copied;
      },
    };
    /** A writing transaction's length, and whether it swapped tables in (`ShadowTables.swap`). */
    interface Write {
      readonly ms: number;
      readonly swap: boolean;
    }
    /** `db` with each of its writing transactions timed into `into` (one that takes no transaction id holds nothing). */
    const watching = (into: Write[]): SqlDatabase =>
      Object.assign(Object.create(db) as SqlDatabase, {
        transaction: <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> =>
          db.transaction(async (tx) => {
            const began = performance.now();
            let swap = false;
            const value = await work({
              query: (sql, params) => tx.query(sql, params),
              exec: (sql) => ((swap ||= / SET SCHEMA /.test(sql)), tx.exec(sql)),
            });
            const [row] = await tx.query<{ xid: string | null }>(
              'SELECT txid_current_if_assigned()::text AS xid',
            );
            if (row?.xid != null) into.push({ ms: performance.now() - began, swap });
            return value;
          }),
      });
    // The writing transactions of the runner's rebuilds (copied pages included) and of the CLI's.
    const runnerWrites: Write[] = [];
    const besideWrites: Write[] = [];
    const watchedDb = watching(besideWrites);
    const runnerOf = (rebuilt: typeof projection, table?: EventTable, on: SqlDatabase = db) =>
      new ProjectionRunner(
        on,
        store,
        [rebuilt],
        new SystemClock(),
        new Metrics({ processMetrics: false }),
        createLogger({ level: 'warn' }),
        { retryMs: 100, ...(table ? { eventTable: table } : {}) },
      );
    // As the service runs it: the events copied table to table in the database.
    const runner = runnerOf(projection, eventTable, watching(runnerWrites));
    // The same one pass with the events read into this process and staged from here (EventStoreDB's way).
    const hereRunner = runnerOf(projection);
    // The same projection without its one-pass rebuild: rebuilt as before, batch after batch.
    const { rebuildInOnePass: _onePass, ...batchAfterBatch } = projection;
    const batchRunner = runnerOf(batchAfterBatch);
    const runners = [runner, hereRunner, batchRunner];
    await runner.migrate();
    const [last] = await db.query<{ commit_position: string; prepare_position: string }>(
      `SELECT transaction_id::text AS commit_position, position::text AS prepare_position FROM events
        WHERE type = ANY($1::text[]) ORDER BY transaction_id DESC, position DESC LIMIT 1`,
      [NUMBER_LINK_EVENT_TYPES],
    );
    const lastHandled: Position = {
      commit: BigInt(last!.commit_position),
      prepare: BigInt(last!.prepare_position),
    };

    const digests: string[] = [];
    /** One rebuild, the other runners stopped (they would take the projection's lock). */
    const rebuildWith = async (rebuilding: ProjectionRunner) => {
      for (const other of runners) if (other !== rebuilding) await other.stop();
      const run = await timed(async () => {
        await rebuilding.rebuild(NUMBER_LINKS_PROJECTION);
        // Counted until the last number-link event itself is applied, whatever rebuild() waits for.
        await applied(rebuilding, lastHandled);
        return handled;
      });
      digests.push(await viewDigest(db));
      return run;
    };
    const timedBeside = (table: EventTable | undefined) =>
      timed(async () => {
        const outcome = await rebuildBeside(
          table ? watchedDb : db,
          store,
          projection,
          table ? { eventTable: table } : {},
        );
        if (!outcome.identical)
          throw new Error(`the rebuild beside differed: ${JSON.stringify(outcome.tables)}`);
        return outcome.events;
      });
    const runs = await runInterleaved(ROUNDS, {
      rebuild: () => rebuildWith(runner),
      rebuildHere: () => rebuildWith(hereRunner),
      rebuildBatches: () => rebuildWith(batchRunner),
      // The operator's `numlink projections rebuild`, beside the live tables the runs above left.
      rebuildBeside: () => timedBeside(postgresEventTable),
      rebuildBesideHere: () => timedBeside(undefined),
      readHandled: () => timed(() => readEverything(store, NUMBER_LINK_EVENT_TYPES)),
      readAll: () => timed(() => readEverything(store)),
    });
    for (const each of runners) await each.stop();
    for (const run of [...runs.readHandled, ...runs.rebuildBeside, ...runs.rebuildBesideHere])
      if (run.value !== handled) throw new Error(`a run read ${run.value} events, expected ${handled}`);

    // Each group ends with its last holder holding the moving number, every earlier holder released.
    const counts = await viewCounts(db);
    const expected: ViewCounts = {
      links: String(GROUPS * ACCOUNTS_PER_GROUP),
      held: String(GROUPS),
      history: String(GROUPS * ACCOUNTS_PER_GROUP + Math.floor(GROUPS / 2)),
      open: String(GROUPS),
    };
    if (JSON.stringify(counts) !== JSON.stringify(expected))
      throw new Error(
        `the rebuilt view is wrong: ${JSON.stringify(counts)}, expected ${JSON.stringify(expected)}`,
      );

    if (new Set(digests).size !== 1)
      throw new Error(`the rebuilds gave different rows: ${digests.join(', ')}`);

    const rate = (seconds: number, events: number): number => events / seconds;
    const medianSeconds = (results: { seconds: number }[]): number => median(results.map((r) => r.seconds));
    const rebuildRate = rate(medianSeconds(runs.rebuild), handled);
    const readHandledRate = rate(medianSeconds(runs.readHandled), handled);
    const readAllRate = rate(medianSeconds(runs.readAll), total);
    console.log(
      formatTable(
        ['what (median of 3, interleaved)', 'seconds', 'events', 'events/s', 'stored events passed/s'],
        [
          [
            'rebuild number_links in one pass (ProjectionRunner.rebuild)',
            medianSeconds(runs.rebuild),
            handled,
            rebuildRate,
            total / medianSeconds(runs.rebuild),
          ],
          [
            '  the same, events read into the service and staged from there',
            medianSeconds(runs.rebuildHere),
            handled,
            rate(medianSeconds(runs.rebuildHere), handled),
            total / medianSeconds(runs.rebuildHere),
          ],
          [
            'rebuild batch after batch (no one-pass rebuild)',
            medianSeconds(runs.rebuildBatches),
            handled,
            rate(medianSeconds(runs.rebuildBatches), handled),
            total / medianSeconds(runs.rebuildBatches),
          ],
          [
            'numlink projections rebuild (beside the live view, compared, left)',
            medianSeconds(runs.rebuildBeside),
            handled,
            rate(medianSeconds(runs.rebuildBeside), handled),
            total / medianSeconds(runs.rebuildBeside),
          ],
          [
            '  the same, events read into the service and staged from there',
            medianSeconds(runs.rebuildBesideHere),
            handled,
            rate(medianSeconds(runs.rebuildBesideHere), handled),
            total / medianSeconds(runs.rebuildBesideHere),
          ],
          [
            'readAll, the 3 number-link types (baseline)',
            medianSeconds(runs.readHandled),
            handled,
            readHandledRate,
            total / medianSeconds(runs.readHandled),
          ],
          ['readAll, every type', medianSeconds(runs.readAll), total, readAllRate, readAllRate],
        ],
        { digits: [0, 2, 0, 0, 0] },
      ),
    );
    const seconds = (results: { seconds: number }[]): string =>
      results.map((r) => r.seconds.toFixed(2)).join(', ');
    console.log(
      `per round (s): rebuild [${seconds(runs.rebuild)}]  staged here [${seconds(runs.rebuildHere)}]  ` +
        `batch after batch [${seconds(runs.rebuildBatches)}]  ` +
        `rebuild beside [${seconds(runs.rebuildBeside)}]  staged here [${seconds(runs.rebuildBesideHere)}]  ` +
        `readAll 3 types [${seconds(runs.readHandled)}]  ` +
        `readAll every type [${seconds(runs.readAll)}]`,
    );
    console.log(
      `rebuild / readAll of the same events: ${(rebuildRate / readHandledRate).toFixed(2)}; ` +
        `one pass / batch after batch: ${(medianSeconds(runs.rebuildBatches) / medianSeconds(runs.rebuild)).toFixed(2)}x; ` +
        `staged in the database / staged from the service: ${(medianSeconds(runs.rebuildHere) / medianSeconds(runs.rebuild)).toFixed(2)}x (runner), ` +
        `${(medianSeconds(runs.rebuildBesideHere) / medianSeconds(runs.rebuildBeside)).toFixed(2)}x (beside)`,
    );
    console.log(
      `pages copied table to table by the runner's rebuilds: ${copyMs.length}; each one's statement ` +
        `(its transaction holds the global order back): median ${median(copyMs).toFixed(0)} ms, max ${Math.max(...copyMs).toFixed(0)} ms`,
    );
    const writes = (what: string, each: Write[], rebuilds: number): string => {
      const ms = each.map((write) => write.ms);
      const swaps = each.filter((write) => write.swap).map((write) => write.ms);
      return (
        `${what}: ${each.length} in ${rebuilds} rebuilds; median ${median(ms).toFixed(0)} ms, ` +
        `max ${Math.max(...ms).toFixed(0)} ms; ${swaps.length} moved tables in, ` +
        (swaps.length > 0
          ? `median ${median(swaps).toFixed(1)} ms, max ${Math.max(...swaps).toFixed(1)} ms`
          : '')
      );
    };
    console.log(
      `writing transactions (each holds the global order back while it runs; builds commit in parts, then swap): ` +
        `${writes('ProjectionRunner.rebuild', runnerWrites, runs.rebuild.length)}; ` +
        `${writes('numlink projections rebuild', besideWrites, runs.rebuildBeside.length)}`,
    );
    console.log(`load average (1/5/15 min) after the runs: ${loadAverage()}`);
    console.log(
      `view after rebuild: ${JSON.stringify(counts)} (as expected); the ${digests.length} rebuilds (both ways) gave identical rows (md5 ${digests[0]})`,
    );
    const besideRate = rate(medianSeconds(runs.rebuildBeside), handled);
    const verdict = (events: number): string =>
      `${events >= TARGET_EVENTS_PER_SECOND ? 'met' : 'NOT met'} (${events.toFixed(0)} events/s)`;
    console.log(
      `target: >= ${TARGET_EVENTS_PER_SECOND.toLocaleString('en')} events/s — ` +
        `ProjectionRunner.rebuild ${verdict(rebuildRate)}; numlink projections rebuild ${verdict(besideRate)}\n`,
    );

    // The query behind GET /v1/number-links/{iin}, without HTTP: the database's share of that target.
    const queries = await runClosedLoop(
      { workers: QUERY_WORKERS, warmUpMs: 1_000, durationMs: QUERY_SECONDS * 1_000 },
      (worker) => {
        let next = worker;
        return async () => {
          next = (next + 7919) % (GROUPS * ACCOUNTS_PER_GROUP);
          const view = await findLinkByIin(db, String(next).padStart(12, '0') as Iin);
          if (!view) throw new Error('an account of the view was not found');
        };
      },
    );
    console.log(
      `findLinkByIin (${QUERY_WORKERS} concurrent callers, pool of 8, ${QUERY_SECONDS} s): ` +
        `${queries.perSecond.toFixed(0)}/s, p50 ${queries.p50Ms.toFixed(2)} ms, p99 ${queries.p99Ms.toFixed(2)} ms`,
    );
    await store.close();
  } finally {
    await fresh.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
