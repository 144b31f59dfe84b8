/**
 * `npm run bench:audit` (SPEC §7: "as-of query for one account under 50 ms with 10 million events
 * stored"; the audit trail's verification rate). PostgreSQL server, a fresh schema dropped at the end.
 *
 * 1. Stores NUMLINK_BENCH_EVENTS events (default 10,000,000) straight into `events` with
 *    `INSERT ... SELECT generate_series`, a million per statement, with the event table's unique
 *    indexes dropped during the load and built again after it. Each account (events / 5 of them) makes
 *    a request (ConsentRecorded, OtpIssued, NumberConfirmed) and gets NumberConnected; one account in
 *    four later changes its number the same way (NumberChanged). Events are 3 s apart, in the
 *    deciders' shapes and with the full envelope.
 * 2. On the first 1,000,000 events (loaded first), builds the audit trail through the real
 *    projection (`ProjectionRunner`), signs its head, and times `verifyAuditTrail` over it.
 * 3. With everything stored: `findLinkAsOf` (as of `occurredAt`) over the real `PostgresEventStore` for 200 random accounts
 *    at random instants (from a day before the account's connection to the end of the history), each
 *    interleaved with the baseline, a plain `readStream` of the same account.
 * Prints figures; fails only when a replayed link is wrong.
 */
import {
  CONNECTING_EVENT_DATA,
  OPENING_REQUEST_EVENT_DATA,
  PORTAL_EVENT_METADATA,
} from './support/synthetic-event-sql';
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventSchemas } from '../src/application/event-schemas';
import { findLinkAsOf } from '../src/application/find-number-link/find-link-as-of';
import { KNOWN_EVENT_SCHEMA_VERSIONS } from '../src/application/known-events';
import { numberLinkStreamId } from '../src/domain/number-link/decider';
import type { Iin } from '../src/domain/shared/iin';
import { instantFromMillis, type Instant } from '../src/domain/shared/instant';
import { SystemClock } from '../src/infrastructure/clock/system-clock';
import { eventStoreMigrations } from '../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../src/infrastructure/event-store/postgres/postgres-event-store';
import { createLogger } from '../src/infrastructure/observability/logger';
import { Metrics } from '../src/infrastructure/observability/metrics';
import { migrate } from '../src/infrastructure/sql/migrations';
import type { SqlDatabase } from '../src/infrastructure/sql/sql-database';
import { signAuditHead } from '../src/projections/audit-trail/audit-checkpoint';
import { auditSignerFromPem } from '../src/projections/audit-trail/audit-signing-key';
import { createAuditTrailProjection } from '../src/projections/audit-trail/audit-trail-projection';
import { verifyAuditTrail } from '../src/projections/audit-trail/verify-audit-trail';
import { ProjectionRunner } from '../src/projections/runtime/projection-runner';
import { formatTable } from './support/format-table';
import { openFreshSchema } from './support/fresh-schema';
import { describeMachine } from './support/machine-description';
import { median } from './support/median';
import { percentile } from './support/percentile';

const EVENTS = Number(process.env.NUMLINK_BENCH_EVENTS ?? '10000000');
const CHUNK = 1_000_000;
const AUDIT_SUBSET = Math.min(EVENTS, CHUNK);
const SAMPLES = 200;
const WARM_UP_SAMPLES = 20;
const TARGET_AS_OF_MS = 50;
const EVENT_SPACING_MS = 3_000;
const HISTORY_START = Date.parse('2025-01-01T00:00:00.000Z');

/** Accounts 0..A-1 each connect (4 events); every fourth, a multiple of 4, later changes (4 more). */
const ACCOUNTS = Math.floor(EVENTS / 5 / 4) * 4;
const STORED = 4 * ACCOUNTS + 4 * (ACCOUNTS / 4);

// Event n (1-based) of the global order: the first 4A are step 0 (account (n-1)/4, the k-th event of
// its story), the rest step 1 (account 4 * ((n-1-4A)/4)). Rows of (lo, hi] only, so chunks can be loaded apart.
const INSERT_CHUNK = `
WITH n AS (
  SELECT n, (n - 1) < 4 * $3::bigint AS first FROM generate_series($1::bigint + 1, $2::bigint) AS n
), e AS (
  SELECT n.n,
         CASE WHEN first THEN 0 ELSE 1 END AS step,
         CASE WHEN first THEN (n.n - 1) / 4 ELSE ((n.n - 1 - 4 * $3::bigint) / 4) * 4 END AS account,
         CASE WHEN first THEN (n.n - 1) % 4 ELSE (n.n - 1 - 4 * $3::bigint) % 4 END AS k
    FROM n
), d AS (
  SELECT e.*, lpad(account::text, 12, '0') AS iin,
         md5(account || '/' || step)::uuid::text AS request_id,
         '+7701' || lpad(account::text, 7, '0') AS first_phone,
         '+7702' || lpad(account::text, 7, '0') AS second_phone,
         to_char(('2025-01-01T00:00:00Z'::timestamptz + e.n * interval '${EVENT_SPACING_MS} ms') AT TIME ZONE 'UTC',
                 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
         ('2025-01-01T00:00:00Z'::timestamptz + e.n * interval '${EVENT_SPACING_MS} ms') AS recorded_at
    FROM e
), t AS (
  SELECT d.*, CASE WHEN step = 0 THEN first_phone ELSE second_phone END AS phone,
         CASE WHEN step = 0 THEN 'connect' ELSE 'change' END AS purpose,
         CASE k WHEN 0 THEN 'ConsentRecorded' WHEN 1 THEN 'OtpIssued' WHEN 2 THEN 'NumberConfirmed'
                ELSE CASE WHEN step = 0 THEN 'NumberConnected' ELSE 'NumberChanged' END END AS type
    FROM d
)
INSERT INTO events (transaction_id, position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at)
SELECT pg_current_xact_id(), n, md5('event/' || n)::uuid,
       CASE WHEN k = 3 THEN 'number-link-' || iin ELSE 'number-request-' || request_id END,
       CASE WHEN k = 3 THEN step ELSE k END, type, 1,
       CASE type
${OPENING_REQUEST_EVENT_DATA}
${CONNECTING_EVENT_DATA}
         WHEN 'NumberChanged' THEN jsonb_build_object('iin', iin, 'from', first_phone, 'to', phone,
           'requestId', request_id, 'channel', 'portal', 'at', at)
       END,
${PORTAL_EVENT_METADATA},
       recorded_at
  FROM t`;

const DROP_CONSTRAINTS = `ALTER TABLE events DROP CONSTRAINT events_global_order,
  DROP CONSTRAINT events_event_id, DROP CONSTRAINT events_stream_revision`;
const ADD_CONSTRAINTS = `ALTER TABLE events ADD CONSTRAINT events_global_order PRIMARY KEY (transaction_id, position),
  ADD CONSTRAINT events_event_id UNIQUE (event_id), ADD CONSTRAINT events_stream_revision UNIQUE (stream_id, revision)`;

/** The instant of event n of the history. */
const instantOf = (n: number): Instant => instantFromMillis(HISTORY_START + n * EVENT_SPACING_MS);

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const began = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - began) / 1000 };
}

/** Loads events (from, to] a chunk at a time, printing each chunk's time. */
async function load(db: SqlDatabase, from: number, to: number): Promise<number> {
  let seconds = 0;
  for (let lo = from; lo < to; lo += CHUNK) {
    const hi = Math.min(lo + CHUNK, to);
    const chunk = await timed(() => db.query(INSERT_CHUNK, [lo, hi, ACCOUNTS]));
    seconds += chunk.seconds;
    const rate = (hi - from) / seconds;
    console.log(
      `  loaded events ${(lo + 1).toLocaleString('en')}-${hi.toLocaleString('en')} in ${chunk.seconds.toFixed(1)} s ` +
        `(${rate.toFixed(0)} events/s so far; all ${STORED.toLocaleString('en')} at this rate: ${(STORED / rate / 60).toFixed(1)} min)`,
    );
  }
  return seconds;
}

async function indexed(db: SqlDatabase): Promise<number> {
  const { seconds } = await timed(async () => {
    await db.exec(ADD_CONSTRAINTS);
    await db.query(`SELECT setval('events_position_seq', (SELECT max(position) FROM events))`);
    await db.exec('VACUUM ANALYZE events');
  });
  return seconds;
}

/** The link account `account` must show at event n: its number after step 0 or step 1, or none yet. */
function expectedPhone(account: number, n: number): string | null {
  const digits = String(account).padStart(7, '0');
  const connectedAt = 4 * account + 4;
  const changedAt = account % 4 === 0 ? 4 * ACCOUNTS + account + 4 : Infinity;
  if (n >= changedAt) return `+7702${digits}`;
  if (n >= connectedAt) return `+7701${digits}`;
  return null;
}

interface Sample {
  readonly account: number;
  readonly n: number;
}

/** A random account, at a random event's instant from a day before its connection to the end. */
function randomSample(): Sample {
  const account = Math.floor(Math.random() * ACCOUNTS);
  const earliest = Math.max(1, 4 * account + 4 - Math.round(86_400_000 / EVENT_SPACING_MS));
  return { account, n: earliest + Math.floor(Math.random() * (STORED - earliest + 1)) };
}

async function main(): Promise<void> {
  if (!Number.isInteger(EVENTS) || EVENTS < 1000) throw new Error('NUMLINK_BENCH_EVENTS must be >= 1000');
  const fresh = await openFreshSchema('audit', 4);
  try {
    const { db } = fresh;
    console.log((await describeMachine(db)).join('\n'));
    console.log(
      `\nstoring ${STORED.toLocaleString('en')} events (${ACCOUNTS.toLocaleString('en')} accounts; NUMLINK_BENCH_EVENTS=${EVENTS}) in schema ${fresh.schema}`,
    );
    await migrate(db, eventStoreMigrations);
    const schemas = EventSchemas.fromVersions(KNOWN_EVENT_SCHEMA_VERSIONS);
    const store = new PostgresEventStore(db, schemas, { pollIntervalMs: 10 });

    // --- the first million events, and the audit trail over them ---
    await db.exec(DROP_CONSTRAINTS);
    const firstLoad = await load(db, 0, AUDIT_SUBSET);
    const firstIndex = await indexed(db);
    console.log(`  indexes and VACUUM ANALYZE: ${firstIndex.toFixed(1)} s`);

    const runner = new ProjectionRunner(
      db,
      store,
      [createAuditTrailProjection()],
      new SystemClock(),
      new Metrics({ processMetrics: false }),
      createLogger({ level: 'warn' }),
      { retryMs: 100 },
    );
    await runner.migrate();
    const build = await timed(async () => {
      runner.start();
      await runner.caughtUp();
    });
    await runner.stop();
    const signer = auditSignerFromPem(
      generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    );
    await signAuditHead(db, signer, instantFromMillis(Date.now()));
    const verification = await timed(() => verifyAuditTrail(db, [signer.publicKey]));
    if (!verification.value.ok || verification.value.checked !== AUDIT_SUBSET)
      throw new Error(`audit verification: ${JSON.stringify(verification.value)}`);
    const [size] = await db.query<{ size: string }>(
      `SELECT pg_size_pretty(pg_total_relation_size('audit_records')) AS size`,
    );

    // --- the rest of the events ---
    let restLoad = 0;
    let restIndex = 0;
    if (STORED > AUDIT_SUBSET) {
      await db.exec(DROP_CONSTRAINTS);
      restLoad = await load(db, AUDIT_SUBSET, STORED);
      restIndex = await indexed(db);
    }
    const [stored] = await db.query<{ events: string; size: string }>(
      `SELECT count(*)::text AS events, pg_size_pretty(pg_total_relation_size('events')) AS size FROM events`,
    );
    console.log(
      `\nstored ${Number(stored!.events).toLocaleString('en')} events (table with indexes: ${stored!.size}): ` +
        `load ${(firstLoad + restLoad).toFixed(1)} s + indexes ${(firstIndex + restIndex).toFixed(1)} s`,
    );

    // --- as-of against readStream, one account at a time, interleaved ---
    const asOfMs: number[] = [];
    const readStreamMs: number[] = [];
    let withLink = 0;
    for (let i = 0; i < WARM_UP_SAMPLES + SAMPLES; i++) {
      const sample = randomSample();
      const iin = String(sample.account).padStart(12, '0') as Iin;
      const asOf = instantOf(sample.n);
      const asOfRun = async () => {
        const began = performance.now();
        const link = await findLinkAsOf(store, iin, asOf);
        const ms = performance.now() - began;
        if ((link?.phone ?? null) !== expectedPhone(sample.account, sample.n))
          throw new Error(`account ${sample.account} as of ${asOf}: ${JSON.stringify(link)}`);
        if (link) withLink += i >= WARM_UP_SAMPLES ? 1 : 0;
        return ms;
      };
      const readRun = async () => {
        const began = performance.now();
        await store.readStream(numberLinkStreamId(iin));
        return performance.now() - began;
      };
      // Alternate which goes first, so neither always finds the other's pages in the cache.
      let asOfTime: number;
      let readTime: number;
      if (i % 2 === 0) {
        asOfTime = await asOfRun();
        readTime = await readRun();
      } else {
        readTime = await readRun();
        asOfTime = await asOfRun();
      }
      if (i < WARM_UP_SAMPLES) continue;
      asOfMs.push(asOfTime);
      readStreamMs.push(readTime);
    }
    const p = (values: number[], at: number) => percentile(values, at);
    console.log(
      `\n${SAMPLES} random accounts at random instants (${withLink} with a link at that instant), ` +
        `one query at a time, after ${WARM_UP_SAMPLES} warm-up samples:`,
    );
    console.log(
      formatTable(
        ['query', 'p50 ms', 'p99 ms', 'max ms'],
        [
          [
            'findLinkAsOf (the stream, folded up to the instant)',
            p(asOfMs, 50),
            p(asOfMs, 99),
            Math.max(...asOfMs),
          ],
          [
            'readStream of the same account (baseline)',
            p(readStreamMs, 50),
            p(readStreamMs, 99),
            Math.max(...readStreamMs),
          ],
        ],
        { digits: [0, 2, 2, 2] },
      ),
    );
    console.log(
      `as-of / readStream: p50 ${(p(asOfMs, 50) / p(readStreamMs, 50)).toFixed(2)}, ` +
        `median of per-account ratios ${median(asOfMs.map((ms, i) => ms / readStreamMs[i]!)).toFixed(2)}`,
    );
    console.log(
      `target: as-of p99 < ${TARGET_AS_OF_MS} ms with ${Number(stored!.events).toLocaleString('en')} events — ` +
        `${p(asOfMs, 99) < TARGET_AS_OF_MS ? 'met' : 'NOT met'}`,
    );

    console.log(
      `\naudit trail over the first ${AUDIT_SUBSET.toLocaleString('en')} events (table ${size!.size}):`,
    );
    console.log(
      formatTable(
        ['step', 'seconds', 'records', 'records/s'],
        [
          [
            'build through the real projection (ProjectionRunner)',
            build.seconds,
            AUDIT_SUBSET,
            AUDIT_SUBSET / build.seconds,
          ],
          [
            'verifyAuditTrail (every hash, link and the signed head)',
            verification.seconds,
            verification.value.checked,
            verification.value.checked / verification.seconds,
          ],
        ],
        { digits: [0, 1, 0, 0] },
      ),
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
