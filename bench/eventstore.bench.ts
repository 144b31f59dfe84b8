/**
 * `npm run bench:eventstore` (issue 2, item 9): the PostgreSQL event store against the raw ceiling of
 * the same server, and the lag its global order costs a reader. Prints figures; asserts nothing.
 *
 * - store: `PostgresEventStore.append`, one event per append, each writer on its own streams (a new
 *   stream with `no_stream`, then follow-ups at the exact revision, as a command handler appends).
 * - raw: the same rows as one autocommitted `INSERT` each (INSERT + COMMIT in one round trip, as the
 *   store's append is) into a table with the same columns and only a bigserial primary key.
 * Both run from this process over the same `pg` pool, interleaved, and the medians are reported.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventSchemas } from '../src/application/event-schemas';
import type { ExpectedRevision, NewEvent, Position } from '../src/application/ports/event-store';
import { NUMBER_REQUEST_EVENT_SCHEMA_VERSIONS } from '../src/domain/number-request/events';
import { eventStoreMigrations } from '../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../src/infrastructure/event-store/postgres/postgres-event-store';
import { migrate } from '../src/infrastructure/sql/migrations';
import type { SqlDatabase } from '../src/infrastructure/sql/sql-database';
import { runClosedLoop, type ClosedLoopResult } from './support/closed-loop';
import { benchDatabaseUrl, openFreshSchema } from './support/fresh-schema';
import { formatTable } from './support/format-table';
import { runInterleaved } from './support/interleaved-runs';
import { describeMachine } from './support/machine-description';
import { median } from './support/median';
import { percentile } from './support/percentile';

const WRITER_LEVELS = [1, 8, 32] as const;
const ROUNDS = 3;
const WARM_UP_MS = 1_000;
const DURATION_MS = Number(process.env.NUMLINK_BENCH_SECONDS ?? '5') * 1_000;
/** One pool size for every level and both contenders: enough for the most writers. */
const POOL_SIZE = 32;
/** Appends per stream: the opening `no_stream` one and three follow-ups (a resend, failures, the end). */
const STREAM_LENGTH = 4;
const TARGET_RATIO = 0.6;
const TARGET_WRITERS = 32;
/** This benchmark's sessions, told apart from the server's other sessions. */
const BENCH_APPLICATION = 'numlink-bench';

/** One append a writer is about to make: everything both contenders write. */
interface NextAppend {
  readonly streamId: string;
  readonly revision: bigint;
  readonly event: NewEvent;
}

/** A writer's own streams: each gets STREAM_LENGTH appends, then the writer opens the next one. */
function writerStreams(): () => NextAppend {
  let streamId = '';
  let requestId = '';
  let revision = BigInt(STREAM_LENGTH);
  return () => {
    if (revision >= BigInt(STREAM_LENGTH)) {
      requestId = randomUUID();
      streamId = `number-request-${requestId}`;
      revision = 0n;
    }
    const next = { streamId, revision, event: otpIssued(requestId, Number(revision) + 1) };
    revision += 1n;
    return next;
  };
}

function expectedBefore(revision: bigint): ExpectedRevision {
  return revision === 0n ? 'no_stream' : revision - 1n;
}

/** An `OtpIssued` as the domain writes it: made-up facts, a keyed hash and a sealed code (~300 bytes). */
function otpIssued(requestId: string, sendNumber: number): NewEvent {
  const now = new Date();
  const at = now.toISOString();
  const plus = (seconds: number): string => new Date(now.getTime() + seconds * 1000).toISOString();
  return {
    eventId: randomUUID(),
    type: 'OtpIssued',
    data: {
      requestId,
      iin: '900101300000',
      phone: '+77010000000',
      purpose: 'connect',
      channel: 'portal',
      principal: 'portal',
      otpHash: randomBytes(32).toString('base64url'),
      otpSealed: `v1.${randomBytes(12).toString('base64url')}.${randomBytes(6).toString('base64url')}.${randomBytes(16).toString('base64url')}`,
      otpExpiresAt: plus(300),
      expiresAt: plus(600),
      sendNumber,
      issuedAt: at,
      limits: {
        otpTtlSeconds: 300,
        serviceTermSeconds: 600,
        maxAttempts: 5,
        resendCooldownSeconds: 60,
        maxSendsPerRequest: 3,
      },
    },
    metadata: {
      occurredAt: at,
      actor: { principal: 'portal', role: 'citizen', channel: 'portal' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

const RAW_TABLE = `
CREATE TABLE raw_events (
  position bigserial PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
)`;

const RAW_INSERT = `INSERT INTO raw_events (event_id, stream_id, revision, type, schema_version, data, metadata)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`;

function storeRun(store: PostgresEventStore, writers: number): Promise<ClosedLoopResult> {
  return runClosedLoop({ workers: writers, warmUpMs: WARM_UP_MS, durationMs: DURATION_MS }, () => {
    const next = writerStreams();
    return async () => {
      const { streamId, revision, event } = next();
      await store.append(streamId, [event], expectedBefore(revision));
    };
  });
}

function rawRun(db: SqlDatabase, writers: number): Promise<ClosedLoopResult> {
  return runClosedLoop({ workers: writers, warmUpMs: WARM_UP_MS, durationMs: DURATION_MS }, () => {
    const next = writerStreams();
    return async () => {
      const { streamId, revision, event } = next();
      await db.query(RAW_INSERT, [
        event.eventId,
        streamId,
        revision.toString(),
        event.type,
        1,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      ]);
    };
  });
}

interface LagResult {
  readonly appends: ClosedLoopResult;
  /** Reader's sight time minus the writer's acknowledgement time, per event, in milliseconds. */
  readonly lagsMs: Float64Array;
  readonly unseen: number;
  /** The oldest writing transaction of any other session on the server, sampled while the run went on. */
  readonly oldestForeignTransactionMs: number;
}

/**
 * The age of the oldest open transaction holding an xid in any other session of the server (any
 * database): the global order's readers stop below it, so it explains a lag the writers do not.
 */
async function oldestForeignTransactionMs(db: SqlDatabase): Promise<number> {
  const [row] = await db.query<{ ms: number | null }>(
    `SELECT (extract(epoch FROM max(now() - xact_start)) * 1000)::float8 AS ms FROM pg_stat_activity
      WHERE backend_xid IS NOT NULL AND application_name <> $1`,
    [BENCH_APPLICATION],
  );
  return row?.ms ?? 0;
}

/**
 * Writers append through the store while one reader, on a pool of its own as a projector in another
 * process would be, loops on `readAll` from the head. Each event's lag is the time the reader first
 * got it minus the time its writer's append resolved (after the commit): negative when the reader saw
 * the row before the acknowledgement reached the writer.
 */
async function lagRun(
  store: PostgresEventStore,
  reader: PostgresEventStore,
  monitor: SqlDatabase,
  writers: number,
): Promise<LagResult> {
  const acknowledged = new Map<string, number>();
  const seen = new Map<string, number>();
  let reading = true;
  let from: Position = await reader.headPosition();
  let oldestForeign = 0;
  const sampler = setInterval(() => {
    oldestForeignTransactionMs(monitor).then(
      (ms) => (oldestForeign = Math.max(oldestForeign, ms)),
      () => undefined, // A sample lost to the pool closing says nothing about the store.
    );
  }, 100);
  const readLoop = (async () => {
    while (reading) {
      const batch = await reader.readAll({ from, limit: 1_000 });
      const now = performance.now();
      for (const event of batch) seen.set(event.eventId, now);
      const last = batch.at(-1);
      if (last) from = last.position;
      else await sleep(1);
    }
  })();
  const windowStart = performance.now() + WARM_UP_MS;
  const appends = await runClosedLoop(
    { workers: writers, warmUpMs: WARM_UP_MS, durationMs: DURATION_MS },
    () => {
      const next = writerStreams();
      return async () => {
        const { streamId, revision, event } = next();
        await store.append(streamId, [event], expectedBefore(revision));
        const now = performance.now();
        if (now >= windowStart) acknowledged.set(event.eventId, now);
      };
    },
  );
  // Let the reader catch up with the last appends before it stops.
  const deadline = performance.now() + 5_000;
  while (performance.now() < deadline && [...acknowledged.keys()].some((id) => !seen.has(id)))
    await sleep(10);
  reading = false;
  clearInterval(sampler);
  await readLoop;
  const lags: number[] = [];
  let unseen = 0;
  for (const [eventId, ackAt] of acknowledged) {
    const seenAt = seen.get(eventId);
    if (seenAt === undefined) unseen += 1;
    else lags.push(seenAt - ackAt);
  }
  return { appends, lagsMs: Float64Array.from(lags), unseen, oldestForeignTransactionMs: oldestForeign };
}

/*
 * EXPERIMENTS (opt-in, NUMLINK_BENCH_EXPERIMENTS=1): variants of the append function, each in a schema
 * of its own, to find where the store's time goes. They are NOT the real adapter's schema; the figures
 * above are. Each variant is the real migration with one piece taken out, so a change of the migration
 * shows here (a variant whose piece is no longer found fails loudly).
 */
interface Variant {
  readonly name: string;
  readonly sql: string;
  /** Measures the raw table instead of the append function (the ceiling, as a control). */
  readonly raw?: boolean;
}

// (The duplicate pre-check these variants once took out is gone from the fast path: ids are looked for
// only when the expected revision does not hold, which no benchmark append meets.)
const ADVISORY_LOCK = / {2}PERFORM pg_advisory_xact_lock\(hashtextextended\(p_stream, 0\)\);\n/;
const EVENT_ID_UNIQUE = / {2}CONSTRAINT events_event_id UNIQUE \(event_id\),\n/;

/** The migration with every match of `piece` replaced; fails when the piece is no longer there. */
function replacing(sql: string, piece: RegExp, replacement: string): string {
  if (sql.search(piece) < 0) throw new Error(`experiment: ${piece.source} is no longer in the migration`);
  return sql.replace(piece, replacement);
}

function without(sql: string, ...pieces: RegExp[]): string {
  return pieces.reduce((text, piece) => replacing(text, piece, ''), sql);
}

function variants(): Variant[] {
  const real = eventStoreMigrations.map((migration) => migration.sql).join('\n');
  return [
    { name: 'real migration', sql: real },
    { name: 'no advisory lock', sql: without(real, ADVISORY_LOCK) },
    { name: 'no event_id index', sql: without(real, EVENT_ID_UNIQUE) },
    { name: 'no lock, no event_id index', sql: without(real, ADVISORY_LOCK, EVENT_ID_UNIQUE) },
    { name: 'raw insert (ceiling)', sql: real, raw: true },
  ];
}

const SERVER_APPENDS = 3_000;

/**
 * The server's own time per append, without the client, the network or the WAL flush: a DO block
 * that appends in a loop and commits each one with synchronous_commit off. The same payload size as
 * the benchmark's events. `statement` appends row `i` (a bigint) of stream `s` (text).
 */
async function serverMicrosPerAppend(db: SqlDatabase, statement: string): Promise<number> {
  await db.exec(`DO $$
DECLARE
  t0 timestamptz;
  s text;
  payload jsonb := jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'type', 'OtpIssued', 'version', 1,
    'data', jsonb_build_object('pad', repeat('x', 520)), 'metadata', jsonb_build_object('pad', repeat('y', 190))));
BEGIN
  PERFORM set_config('synchronous_commit', 'off', false);
  t0 := clock_timestamp();
  FOR i IN 0..${SERVER_APPENDS - 1} LOOP
    s := 'micro-' || (i / ${STREAM_LENGTH}) || '-' || t0;
    payload := jsonb_set(payload, '{0,id}', to_jsonb(gen_random_uuid()));
    ${statement};
    COMMIT;
  END LOOP;
  PERFORM set_config('numlink.bench_micros', (extract(epoch FROM clock_timestamp() - t0) * 1e6 / ${SERVER_APPENDS})::text, false);
  PERFORM set_config('synchronous_commit', 'on', false);
END $$`);
  // The DO block ran on one pooled connection; the setting is read back on whichever comes next, so
  // the experiment pool has exactly one connection.
  const [result] = await db.query<{ micros: string }>(
    `SELECT current_setting('numlink.bench_micros') AS micros`,
  );
  return Number(result?.micros ?? Number.NaN);
}

const STORE_STATEMENT = `PERFORM * FROM numlink_append(s, CASE WHEN i % ${STREAM_LENGTH} = 0 THEN -2 ELSE i % ${STREAM_LENGTH} - 1 END, payload)`;
const RAW_STATEMENT = `INSERT INTO raw_events (event_id, stream_id, revision, type, schema_version, data, metadata)
    VALUES ((payload->0->>'id')::uuid, s, i % ${STREAM_LENGTH}, 'OtpIssued', 1, payload->0->'data', payload->0->'metadata')`;

/** One experiment run: a fresh schema (the same empty start for all), 32 writers, then the server time. */
async function experimentRun(
  variant: Variant,
  schemas: EventSchemas,
): Promise<{ rate: number; p50: number; p99: number; micros: number }> {
  const fresh = await openFreshSchema(
    'eventstore_experiment',
    POOL_SIZE,
    withApplicationName(benchDatabaseUrl()),
  );
  try {
    await migrate(fresh.db, [{ id: 'experiment/001', sql: variant.sql }]);
    await fresh.db.exec(RAW_TABLE);
    const single = await fresh.connect(1);
    if (variant.raw) {
      const run = await rawRun(fresh.db, TARGET_WRITERS);
      return {
        rate: run.perSecond,
        p50: run.p50Ms,
        p99: run.p99Ms,
        micros: await serverMicrosPerAppend(single, RAW_STATEMENT),
      };
    }
    const run = await storeRun(new PostgresEventStore(fresh.db, schemas), TARGET_WRITERS);
    return {
      rate: run.perSecond,
      p50: run.p50Ms,
      p99: run.p99Ms,
      micros: await serverMicrosPerAppend(single, STORE_STATEMENT),
    };
  } finally {
    await fresh.drop();
  }
}

async function experiments(schemas: EventSchemas): Promise<void> {
  console.log('\nEXPERIMENTS — variants of the append function, not the real schema:');
  const contenders = Object.fromEntries(
    variants().map((variant) => [variant.name, () => experimentRun(variant, schemas)]),
  );
  const results = await runInterleaved(ROUNDS, contenders);
  const rows = Object.entries(results).map(([name, runs]) => [
    name,
    median(runs.map((run) => run.rate)),
    median(runs.map((run) => run.p50)),
    median(runs.map((run) => run.p99)),
    median(runs.map((run) => run.micros)),
  ]);
  console.log(
    formatTable(
      [
        'variant',
        `appends/s at ${TARGET_WRITERS} writers`,
        'p50 ms',
        'p99 ms',
        'server µs/append (no fsync)',
      ],
      rows,
      { digits: [0, 0, 2, 2, 1] },
    ),
  );
}

function withApplicationName(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', BENCH_APPLICATION);
  return parsed.toString();
}

async function main(): Promise<void> {
  if (process.env.NUMLINK_BENCH_EXPERIMENTS === 'only') {
    await experiments(EventSchemas.fromVersions(NUMBER_REQUEST_EVENT_SCHEMA_VERSIONS));
    return;
  }
  const fresh = await openFreshSchema('eventstore', POOL_SIZE, withApplicationName(benchDatabaseUrl()));
  try {
    const { db } = fresh;
    console.log((await describeMachine(db)).join('\n'));
    console.log(
      `pool: ${POOL_SIZE} connections; each run: ${WARM_UP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s measured; ` +
        `${ROUNDS} interleaved rounds of (store, raw) per level; medians shown`,
    );
    const sample = otpIssued(randomUUID(), 1);
    console.log(
      `each append: one ${sample.type}, data ${JSON.stringify(sample.data).length} bytes + metadata ` +
        `${JSON.stringify(sample.metadata).length} bytes of JSON; ${STREAM_LENGTH} appends per stream ` +
        `(no_stream, then exact revisions)\n`,
    );
    await migrate(db, eventStoreMigrations);
    await db.exec(RAW_TABLE);
    const schemas = EventSchemas.fromVersions(NUMBER_REQUEST_EVENT_SCHEMA_VERSIONS);
    const store = new PostgresEventStore(db, schemas);

    const rows: (string | number)[][] = [];
    const perRound: string[] = [];
    let targetRatio = Number.NaN;
    for (const writers of WRITER_LEVELS) {
      const runs = await runInterleaved(ROUNDS, {
        store: () => storeRun(store, writers),
        raw: () => rawRun(db, writers),
      });
      const medianOf = (results: ClosedLoopResult[], pick: (result: ClosedLoopResult) => number): number =>
        median(results.map(pick));
      const storeRate = medianOf(runs.store, (run) => run.perSecond);
      const rawRate = medianOf(runs.raw, (run) => run.perSecond);
      const ratio = storeRate / rawRate;
      if (writers === TARGET_WRITERS) targetRatio = ratio;
      rows.push([
        String(writers),
        storeRate,
        rawRate,
        ratio,
        medianOf(runs.store, (run) => run.p50Ms),
        medianOf(runs.store, (run) => run.p99Ms),
        medianOf(runs.raw, (run) => run.p50Ms),
        medianOf(runs.raw, (run) => run.p99Ms),
      ]);
      const rates = (results: ClosedLoopResult[]): string =>
        results.map((run) => run.perSecond.toFixed(0)).join(', ');
      perRound.push(`  ${writers} writers: store [${rates(runs.store)}]  raw [${rates(runs.raw)}]`);
    }
    console.log(
      formatTable(
        [
          'writers',
          'store appends/s',
          'raw inserts/s',
          'store/raw',
          'store p50 ms',
          'store p99 ms',
          'raw p50 ms',
          'raw p99 ms',
        ],
        rows,
        { digits: [0, 0, 0, 2, 2, 2, 2, 2] },
      ),
    );
    console.log(`per round (appends/s or inserts/s):\n${perRound.join('\n')}`);
    console.log(
      `target: ratio >= ${TARGET_RATIO} at ${TARGET_WRITERS} writers — ` +
        `${targetRatio >= TARGET_RATIO ? 'met' : 'NOT met'} (${targetRatio.toFixed(3)})\n`,
    );

    const readerDb = await fresh.connect(1);
    const reader = new PostgresEventStore(readerDb, schemas);
    const lag = await lagRun(store, reader, await fresh.connect(1), TARGET_WRITERS);
    const before = lag.lagsMs.filter((value) => value < 0).length;
    console.log(
      `reader lag at ${TARGET_WRITERS} writers (commit acknowledged -> seen by a readAll loop on its own connection):\n` +
        `  appends/s meanwhile: ${lag.appends.perSecond.toFixed(0)}; events: ${lag.lagsMs.length} seen, ${lag.unseen} unseen\n` +
        `  lag p50 ${percentile(lag.lagsMs, 50).toFixed(2)} ms, p99 ${percentile(lag.lagsMs, 99).toFixed(2)} ms, ` +
        `max ${percentile(lag.lagsMs, 100).toFixed(2)} ms; seen before the writer's acknowledgement: ` +
        `${((100 * before) / Math.max(1, lag.lagsMs.length)).toFixed(1)}%\n` +
        `  oldest writing transaction of another session on the server meanwhile: ` +
        `${lag.oldestForeignTransactionMs.toFixed(0)} ms (readers of the global order wait for it)`,
    );
    await reader.close();
    await store.close();
    if (process.env.NUMLINK_BENCH_EXPERIMENTS === '1') await experiments(schemas);
  } finally {
    await fresh.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
