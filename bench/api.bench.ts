/**
 * `npm run bench:api` (issue 3, item 8): the whole service over HTTP against the targets of SPEC §7.
 * Prints figures; asserts nothing (a failed request fails the run: a benchmark that swallows errors
 * measures the error path).
 *
 * The service runs as a child process (`node dist/src/main.js`), so that this load generator and the
 * service do not share an event loop, over a database of its own created on the benchmark server
 * (`NUMLINK_BENCH_DATABASE_URL`) and dropped at the end. Its citizens are an identity-registry file of
 * generated IINs; its EDS trust anchor and biometric JWKS are this script's, so that the generator
 * signs with keys it holds in memory.
 *
 * 0. Ten seconds of eGov mobile flows at the first level's concurrency right after the service starts,
 *    counted in no level (its flows/s and latency printed apart): the levels measure a warm service.
 * 1. Full flows (create request, read the OTP from the SMS sink, confirm with the OTP and the channel's
 *    second factor) in closed loops at 8, 32 and 64 concurrent citizens over the eGov mobile channel
 *    (biometric token), and at 32 over the portal twice, signing with RSA and with GOST 34.10-2015 (512)
 *    (issue 10: GOST at most 10% below RSA); `/metrics` is sampled for the projection lag throughout, and
 *    read before and after each phase for `numlink_sql_statements_total` (by caller) when the service has it.
 * 2. The commit ceiling (SPEC §7): single-row INSERT+COMMIT at 32 writers on the same database, halved.
 * 3. `GET /v1/number-links/{iin}` over the accounts connected in 1, at 32 and 64 concurrent readers,
 *    interleaved with `GET /health/live` at the same concurrency: the ceiling of Nest, Fastify and this
 *    client on this machine.
 * For every phase: the service's RSS (VmRSS, sampled), the CPU used by the service, by the PostgreSQL
 * backends of its database and by every PostgreSQL process of the machine (with their PSS), by this
 * generator and by the rest of the machine, the database's commits and rows per operation
 * (pg_stat_database), and the oldest write transaction in the server's other databases (it holds back
 * the service's global-order reader, so a shared server can stall it). A summary table ends the report.
 *
 * About 3.7 minutes; `npm run bench:api -- --quick` (or NUMLINK_BENCH_QUICK=1) about 1.5.
 * Diagnosis knobs: NUMLINK_BENCH_FLOW_LEVELS (e.g. `64`), NUMLINK_BENCH_PORTAL=0, NUMLINK_BENCH_READS=0,
 * NUMLINK_BENCH_CEILING=0, NUMLINK_BENCH_SECONDS, NUMLINK_BENCH_READ_SECONDS, NUMLINK_BENCH_CITIZENS,
 * NUMLINK_BENCH_SERVICE_WARM_UP_SECONDS (0: the first level starts on a cold service, as before),
 * NUMLINK_BENCH_SERVICE_ENV (extra `NAME=value` settings for the service, space-separated),
 * NUMLINK_BENCH_SERVICE_NODE_ARGS (node flags for the service: `--cpu-prof --cpu-prof-dir=/tmp/prof`),
 * and NUMLINK_BENCH_SERVICE_MAIN (another build's `dist/src/main.js`, to compare two commits).
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { Iin } from '../src/domain/shared/iin';
import type { Credential } from '../src/infrastructure/dev-pki/credential';
import { issueCertificate } from '../src/infrastructure/dev-pki/issue-certificate';
import { signCms } from '../src/infrastructure/dev-pki/sign-cms';
import { OID } from '../src/infrastructure/eds/oids';
import { generateSigningKey, type SigningKey } from '../src/infrastructure/dev-pki/signing-key';
import { PgDatabase } from '../src/infrastructure/sql/pg-database';
import { runClosedLoop, type ClosedLoopResult } from './support/closed-loop';
import { BiometricProvider, BIOMETRIC_ISSUER, freePort, generateIins } from './support/bench-citizens';
import { ApiClient, expectAnswer } from './support/api-client';
import { OtpInbox } from './support/otp-inbox';
import { formatTable, type Cell } from './support/format-table';
import { benchDatabaseUrl } from './support/fresh-schema';
import { runInterleaved } from './support/interleaved-runs';
import { describeMachine } from './support/machine-description';
import { median } from './support/median';
import { percentile } from './support/percentile';
import { loadAverage, machineCpuMs, postgresPids, processCpuMs, pssMb, rssMb } from './support/proc-usage';
import { measureCommitCeiling, type CommitCeiling } from './support/commit-ceiling';
import { npmStartFlags, serviceMain } from './support/start-flags';

/** Knobs for diagnosis (profiling one phase); the defaults are the benchmark. */
const QUICK = process.argv.includes('--quick') || process.env.NUMLINK_BENCH_QUICK === '1';
const FLOW_LEVELS = (process.env.NUMLINK_BENCH_FLOW_LEVELS ?? '8,32,64').split(',').map(Number);
const RUN_PORTAL = process.env.NUMLINK_BENCH_PORTAL !== '0';
const RUN_READS = process.env.NUMLINK_BENCH_READS !== '0';
const RUN_CEILING = process.env.NUMLINK_BENCH_CEILING !== '0';
/** The level SPEC §7 sets the flow target at, and that the commit ceiling is measured at. */
const TARGET_LEVEL = 32;
const PORTAL_LEVEL = 32;
/** Issue 10: portal flows signed with RSA-2048 (the baseline) and with GOST 34.10-2015 (512). */
const PORTAL_ALGORITHMS = ['rsa', 'gost2015-512'] as const;
const READ_LEVELS = [32, 64] as const;
const READ_ROUNDS = QUICK ? 1 : 2;
const FLOW_WARM_UP_MS = QUICK ? 1_000 : 2_000;
/**
 * Flows run right after the service starts, counted in no level and printed apart: cold (V8 still
 * compiling, PostgreSQL's backends new), the first level, 8 clients, cost the service 6.4-6.7 ms of CPU a
 * flow in five full runs, and 4.7 ms after these seconds of flows; in a run of 8, 32 and 8 clients, 9.4 ms
 * the first time and 4.0 ms the second.
 */
const SERVICE_WARM_UP_MS =
  Number(process.env.NUMLINK_BENCH_SERVICE_WARM_UP_SECONDS ?? (QUICK ? '3' : '10')) * 1_000;
const FLOW_DURATION_MS = Number(process.env.NUMLINK_BENCH_SECONDS ?? (QUICK ? '3' : '8')) * 1_000;
const READ_WARM_UP_MS = 1_000;
const READ_DURATION_MS = Number(process.env.NUMLINK_BENCH_READ_SECONDS ?? (QUICK ? '2' : '5')) * 1_000;
/** Extra settings for the service (`NUMLINK_LINK_VIEW_CACHE_SIZE=0`, say), space-separated `NAME=value`. */
const SERVICE_ENV = Object.fromEntries(
  (process.env.NUMLINK_BENCH_SERVICE_ENV ?? '')
    .split(' ')
    .filter((pair) => pair.includes('='))
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
/** Citizens in the identity-registry file: each flow connects a fresh one. */
const CITIZENS = Number(process.env.NUMLINK_BENCH_CITIZENS ?? '100000');
/**
 * As `npm start` runs the service (its heap limit), then any flags given for diagnosis
 * (`--cpu-prof --cpu-prof-dir=...` to profile it under this load).
 */
const SERVICE_NODE_ARGS = [
  ...npmStartFlags(),
  ...(process.env.NUMLINK_BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean),
];
const SAMPLE_EVERY_MS = 200;
const MOBILE_KEY = 'dev-mobile-key';
const PORTAL_KEY = 'dev-portal-key';
const CONSENT = { given: true, textVersion: 'consent-2024-03' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** SPEC §7. */
const TARGET = {
  commandsPerSecond: 2_000,
  commandP99Ms: 50,
  flowsPerSecondAt32: 450,
  flowsOfCeiling: 0.15,
  linksPerSecond: 10_000,
  linksOfHealth: 0.6,
  linksP99Ms: 10,
  lagSeconds: 1,
  rssMb: 300,
  sqlStatementsPerFlow: 10,
  commitsPerFlow: 3,
  gostOfRsa: 0.9,
} as const;

// ---------- the service's database ----------

interface BenchDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A new database on the benchmark server, so the service's migrations and rows touch nothing else. */
async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `numlink_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

interface DatabaseCounters {
  readonly commits: number;
  readonly inserted: number;
  readonly updated: number;
  /** Scans of `number_links` (index or sequential): in a read phase, the link reads the cache missed. */
  readonly linkScans: number;
}

/** The bench database's commits and rows so far (the server flushes them about once a second). */
async function databaseCounters(db: PgDatabase): Promise<DatabaseCounters> {
  const [row] = await db.query<{ commits: string; inserted: string; updated: string; scans: string }>(
    `SELECT xact_commit::text AS commits, tup_inserted::text AS inserted, tup_updated::text AS updated,
            (SELECT coalesce(sum(coalesce(idx_scan, 0) + coalesce(seq_scan, 0)), 0)
               FROM pg_stat_user_tables WHERE relname = 'number_links')::text AS scans
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return {
    commits: Number(row?.commits),
    inserted: Number(row?.inserted),
    updated: Number(row?.updated),
    linkScans: Number(row?.scans),
  };
}

// ---------- citizens, numbers and their second factors ----------

/** Each flow takes a citizen nobody has used: a `connect` for a connected account would be refused. */
class Citizens {
  private next = 0;
  constructor(private readonly iins: readonly Iin[]) {}

  take(): Iin {
    const iin = this.iins[this.next++];
    if (iin === undefined)
      throw new Error(`all ${this.iins.length} citizens used: raise NUMLINK_BENCH_CITIZENS`);
    return iin;
  }
}

/** Fresh Kazakhstan mobile numbers (R2), from a random start so reruns never meet. */
class Phones {
  private next = Math.floor(Math.random() * 5_000_000);

  take(): string {
    return `+7701${String(this.next++ % 10_000_000).padStart(7, '0')}`;
  }
}

type PortalAlgorithm = (typeof PORTAL_ALGORITHMS)[number];

/**
 * Citizens' keys of one algorithm, handed out in turn: each citizen's certificate has a key, as real
 * citizens do, and a key comes back only after more others than the verifier keeps (32 keys: GOST's
 * window tables, Node's key objects), so no citizen's signature is checked with a cached key. One key
 * for all made GOST look cheaper than it is (a repeated key earns a table).
 */
const SIGNER_KEYS = 64;

/**
 * An EDS certification authority this run trusts (R16), of one algorithm (its CA and the signers'
 * keys): each portal citizen gets a certificate with `SERIALNUMBER=IIN<iin>` (issuing is the slow part,
 * done before the phase).
 */
class SignatureAuthority {
  private readonly signers = new Map<string, Credential>();
  private issued = 0;

  private constructor(
    readonly algorithm: PortalAlgorithm,
    private readonly ca: Credential,
    private readonly signerKeys: readonly SigningKey[],
  ) {}

  static async create(algorithm: PortalAlgorithm): Promise<SignatureAuthority> {
    const [caKey, signerKeys] = await Promise.all([
      generateSigningKey(algorithm),
      Promise.all(Array.from({ length: SIGNER_KEYS }, () => generateSigningKey(algorithm))),
    ]);
    const now = Date.now();
    const certificate = await issueCertificate({
      subject: [{ CN: [`numlink benchmark CA (${algorithm})`] }],
      key: caKey,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 30 * DAY_MS),
      isCertificateAuthority: true,
    });
    return new SignatureAuthority(algorithm, { certificate, key: caKey }, signerKeys);
  }

  /** The CA certificate, for the service's trust anchors. */
  get caPem(): string {
    return this.ca.certificate.toString('pem');
  }

  async issue(iin: string): Promise<void> {
    const now = Date.now();
    const key = this.signerKeys[this.issued++ % this.signerKeys.length] as SigningKey;
    const certificate = await issueCertificate({
      subject: [{ CN: ['benchmark citizen'] }, { '2.5.4.5': [`IIN${iin}`] }],
      key,
      issuer: this.ca,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 30 * DAY_MS),
      isCertificateAuthority: false,
      // An individual's signing certificate, as NCA RK issues them (SPEC §8).
      extendedKeyUsages: [OID.emailProtection, OID.individualRole],
    });
    this.signers.set(iin, { certificate, key });
  }

  /** Certificates issued during a flow (the ones issued beforehand ran out): their time is in `factor`. */
  issuedLate = 0;

  /** Attached CMS over the decoded `dataToSign` (what `signDataToSign` makes, credential in memory). */
  async sign(iin: string, dataToSign: string): Promise<string> {
    if (!this.signers.has(iin)) {
      this.issuedLate += 1;
      await this.issue(iin);
    }
    const signer = this.signers.get(iin)!;
    return signCms({ content: Buffer.from(dataToSign, 'base64'), signer, signingTime: new Date() });
  }
}

// ---------- the service as a child process ----------

class ServiceProcess {
  private output = '';
  private partialLine = '';
  /** The service's log messages (warn and above) by their `msg`, counted. */
  readonly messages = new Map<string, number>();
  private exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output = (this.output + text).slice(-20_000);
      const lines = (this.partialLine + text).split('\n');
      this.partialLine = lines.pop() ?? '';
      for (const line of lines) this.count(line);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(env: Readonly<Record<string, string>>): ServiceProcess {
    const main = serviceMain();
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('NUMLINK_')),
    );
    const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, main], {
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child);
  }

  private count(line: string): void {
    if (line.trim() === '') return;
    let msg = 'a line that is not JSON';
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null && 'msg' in parsed) msg = String(parsed.msg);
    } catch {
      // printed by something other than the logger
    }
    this.messages.set(msg, (this.messages.get(msg) ?? 0) + 1);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the service did not start');
    return this.child.pid;
  }

  /** What the service printed last (its log level is warn): shown when something goes wrong. */
  get lastOutput(): string {
    return this.output;
  }

  async waitUntilLive(api: ApiClient, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null)
        throw new Error(`the service exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        if ((await api.call('GET', '/health/live')).status === 200) return;
      } catch {
        // not listening yet
      }
      if (performance.now() > deadline) throw new Error(`the service did not start:\n${this.output}`);
      await sleep(100);
    }
  }

  /** SIGTERM (the service closes cleanly, and writes its CPU profile if asked to), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const timeout = sleep(15_000).then(() => 'timeout' as const);
    if ((await Promise.race([this.exited, timeout])) === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

// ---------- HTTP ----------

// ---------- the SMS sink ----------

// ---------- what a phase used ----------

interface PhaseUsage {
  readonly seconds: number;
  readonly rssMaxMb: number;
  readonly rssEndMb: number;
  /** CPU cores' worth used over the phase (1.0 = one core busy all along). */
  readonly serviceCores: number;
  readonly generatorCores: number;
  /** The PostgreSQL backends serving this run's database (the server's shared processes not included). */
  readonly postgresCores: number;
  /** Every PostgreSQL process of the machine: other databases' work on a shared server included. */
  readonly postgresAllCores: number;
  /** The largest sum of PostgreSQL's processes' PSS seen (shared buffers counted once), MB. */
  readonly postgresPssMaxMb: number;
  readonly machineCores: number;
  readonly serviceCpuMs: number;
  readonly generatorCpuMs: number;
  readonly postgresCpuMs: number;
  readonly postgresAllCpuMs: number;
  readonly database: DatabaseCounters;
  /**
   * The oldest transaction holding a transaction id in another database of the server, in seconds: the
   * global-order reader sees nothing committed after it began (`pg_snapshot_xmin`), so it stalls every
   * projection and reaction of the service for that long.
   */
  readonly oldestWriterElsewhereSeconds: number;
}

/** Samples what one phase uses, every SAMPLE_EVERY_MS, from /proc and from the server's statistics. */
class PhaseSampler {
  private readonly rss: number[] = [];
  private readonly backends = new Map<number, { first: number; last: number }>();
  private readonly allPostgres = new Map<number, { first: number; last: number }>();
  private postgresPssMax = 0;
  private samples = 0;
  private oldestWriterElsewhere = 0;
  private sampling: Promise<void> | undefined;

  constructor(
    private readonly service: ServiceProcess,
    private readonly db: PgDatabase,
  ) {}

  sample(): Promise<void> {
    this.rss.push(rssMb(this.service.pid));
    this.sampleAllPostgres();
    this.sampling ??= this.sampleServer().finally(() => {
      this.sampling = undefined;
    });
    return this.sampling;
  }

  /** What the samples found; the backends' CPU is what each used while it was seen. */
  async result(): Promise<{
    rssMaxMb: number;
    rssEndMb: number;
    postgresCpuMs: number;
    postgresAllCpuMs: number;
    postgresPssMaxMb: number;
    oldest: number;
  }> {
    await this.sample();
    const used = (processes: Map<number, { first: number; last: number }>) =>
      [...processes.values()].reduce((sum, p) => sum + p.last - p.first, 0);
    return {
      rssMaxMb: Math.max(...this.rss),
      rssEndMb: this.rss[this.rss.length - 1] ?? Number.NaN,
      postgresCpuMs: used(this.backends),
      postgresAllCpuMs: used(this.allPostgres),
      postgresPssMaxMb: this.postgresPssMax,
      oldest: this.oldestWriterElsewhere,
    };
  }

  /** CPU of every PostgreSQL process from /proc, and their PSS every fifth sample (smaps is not free). */
  private sampleAllPostgres(): void {
    const pids = postgresPids();
    for (const pid of pids) {
      let cpu: number;
      try {
        cpu = processCpuMs(pid);
      } catch {
        continue; // the process has just exited
      }
      const seen = this.allPostgres.get(pid);
      if (seen) seen.last = cpu;
      else this.allPostgres.set(pid, { first: cpu, last: cpu });
    }
    if (this.samples++ % 5 === 0) {
      const pss = pids.map(pssMb).filter((mb) => !Number.isNaN(mb));
      this.postgresPssMax = Math.max(
        this.postgresPssMax,
        pss.reduce((sum, mb) => sum + mb, 0),
      );
    }
  }

  private async sampleServer(): Promise<void> {
    const rows = await this.db.query<{ pid: number; oldest: number | null }>(
      `SELECT pid, NULL::float8 AS oldest FROM pg_stat_activity WHERE datname = current_database()
       UNION ALL
       SELECT -1, extract(epoch FROM max(now() - xact_start))::float8 FROM pg_stat_activity
        WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()`,
    );
    for (const row of rows) {
      if (row.pid === -1) {
        this.oldestWriterElsewhere = Math.max(this.oldestWriterElsewhere, row.oldest ?? 0);
        continue;
      }
      let cpu: number;
      try {
        cpu = processCpuMs(row.pid);
      } catch {
        continue; // the backend has just exited
      }
      const seen = this.backends.get(row.pid);
      if (seen) seen.last = cpu;
      else this.backends.set(row.pid, { first: cpu, last: cpu });
    }
  }
}

/** Runs `work` while sampling; answers what the service, its database, this process and the machine used. */
async function measured<T>(
  service: ServiceProcess,
  db: PgDatabase,
  work: () => Promise<T>,
  sampleAlso?: () => Promise<void>,
): Promise<{ value: T; usage: PhaseUsage }> {
  const sampler = new PhaseSampler(service, db);
  await sampler.sample();
  const timer = setInterval(() => {
    sampler.sample().catch(() => undefined);
    sampleAlso?.().catch(() => undefined);
  }, SAMPLE_EVERY_MS);
  const counters = await databaseCounters(db);
  const began = performance.now();
  const serviceCpu = processCpuMs(service.pid);
  const generatorCpu = process.cpuUsage();
  const machine = machineCpuMs();
  let value: T;
  try {
    value = await work();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - began) / 1000;
  const serviceCpuMs = processCpuMs(service.pid) - serviceCpu;
  const generator = process.cpuUsage(generatorCpu);
  const generatorCpuMs = (generator.user + generator.system) / 1000;
  const machineAfter = machineCpuMs();
  const sampled = await sampler.result();
  // pg_stat_database is flushed by each backend at most once a second.
  await sleep(1_100);
  const after = await databaseCounters(db);
  return {
    value,
    usage: {
      seconds,
      rssMaxMb: sampled.rssMaxMb,
      rssEndMb: sampled.rssEndMb,
      serviceCpuMs,
      generatorCpuMs,
      postgresCpuMs: sampled.postgresCpuMs,
      postgresAllCpuMs: sampled.postgresAllCpuMs,
      serviceCores: serviceCpuMs / 1000 / seconds,
      generatorCores: generatorCpuMs / 1000 / seconds,
      postgresCores: sampled.postgresCpuMs / 1000 / seconds,
      postgresAllCores: sampled.postgresAllCpuMs / 1000 / seconds,
      postgresPssMaxMb: sampled.postgresPssMaxMb,
      machineCores: (machineAfter.busy - machine.busy) / 1000 / seconds,
      database: {
        commits: after.commits - counters.commits,
        inserted: after.inserted - counters.inserted,
        updated: after.updated - counters.updated,
        linkScans: after.linkScans - counters.linkScans,
      },
      oldestWriterElsewhereSeconds: sampled.oldest,
    },
  };
}

// ---------- flows ----------

interface FlowSample {
  readonly began: number;
  readonly ended: number;
  readonly createMs: number;
  readonly smsMs: number;
  /** Minting the biometric token or signing `dataToSign`: the generator's own work, not the service's. */
  readonly factorMs: number;
  readonly confirmMs: number;
}

interface FlowWorld {
  readonly api: ApiClient;
  readonly inbox: OtpInbox;
  readonly citizens: Citizens;
  readonly phones: Phones;
  readonly biometrics: BiometricProvider;
  readonly signatures: Readonly<Record<PortalAlgorithm, SignatureAuthority>>;
  /** Every account connected so far: the readers of phase 2 read them. */
  readonly connected: Iin[];
}

type Channel = 'egov-mobile' | 'portal';

/** How a phase's citizens confirm: biometrics (eGov mobile) or an EDS of one algorithm (portal). */
type Route =
  { readonly channel: 'egov-mobile' } | { readonly channel: 'portal'; readonly eds: PortalAlgorithm };

const routeLabel = (route: Route): string =>
  route.channel === 'portal' ? `portal ${route.eds}` : route.channel;

/** A whole flow (R6 or R5): request the code, read it from the SMS, confirm with the channel's factor. */
async function runFlow(world: FlowWorld, route: Route, iin: Iin, samples: FlowSample[]): Promise<void> {
  const { channel } = route;
  const key = channel === 'portal' ? PORTAL_KEY : MOBILE_KEY;
  const began = performance.now();
  const created = expectAnswer(
    await world.api.call('POST', '/v1/number-requests', key, {
      iin,
      phone: world.phones.take(),
      purpose: 'connect',
      consent: CONSENT,
    }),
    201,
    'create request',
  );
  const createdAt = performance.now();
  const requestId = String(created.requestId);
  const otp = await world.inbox.waitFor(requestId);
  const smsAt = performance.now();
  const factor =
    route.channel === 'portal'
      ? { signature: await world.signatures[route.eds].sign(iin, String(created.dataToSign)) }
      : { biometricToken: await world.biometrics.mint(iin, requestId) };
  const factorAt = performance.now();
  const confirmed = expectAnswer(
    await world.api.call('POST', `/v1/number-requests/${requestId}/confirmation`, key, { otp, ...factor }),
    200,
    'confirm',
  );
  if (confirmed.status !== 'connected') throw new Error('confirm: the number was not connected');
  const ended = performance.now();
  world.connected.push(iin);
  samples.push({
    began,
    ended,
    createMs: createdAt - began,
    smsMs: smsAt - createdAt,
    factorMs: factorAt - smsAt,
    confirmMs: ended - factorAt,
  });
}

interface FlowFigures {
  readonly channel: Channel;
  /** The channel, and the EDS algorithm on the portal. */
  readonly label: string;
  readonly workers: number;
  readonly loop: ClosedLoopResult;
  /**
   * Flows that ended inside the measured window, per second: a closed loop's throughput even when a
   * flow takes as long as the window (the loop's own count keeps only flows begun and ended in it).
   */
  readonly perSecond: number;
  /** Flows completed over the whole run, warm-up included (the database counters cover it all). */
  readonly allFlows: number;
  readonly create: { p50: number; p99: number };
  readonly confirm: { p50: number; p99: number };
  readonly smsP50: number;
  readonly smsP99: number;
  readonly factorMeanMs: number;
  readonly usage: PhaseUsage;
  /** The largest `numlink_projection_lag_seconds` of each projection seen while the phase ran. */
  readonly lagMaxSeconds: Readonly<Record<string, number>>;
  /** `numlink_sql_statements_total` per flow, by caller; undefined when the service has no such counter. */
  readonly sqlPerFlow: Readonly<Record<string, number>> | undefined;
}

/** The service's `numlink_sql_statements_total`, summed by caller; undefined when it has no such counter. */
async function sqlStatements(api: ApiClient): Promise<Map<string, number> | undefined> {
  const text = (await api.call('GET', '/metrics')).text;
  const byCaller = new Map<string, number>();
  for (const match of text.matchAll(/^numlink_sql_statements_total(?:\{([^}]*)\})? (\S+)$/gm)) {
    const caller = /caller="([^"]*)"/.exec(match[1] ?? '')?.[1] ?? 'all';
    byCaller.set(caller, (byCaller.get(caller) ?? 0) + Number(match[2]));
  }
  return byCaller.size === 0 ? undefined : byCaller;
}

/** What each caller ran between two readings of the counter, per flow. */
function statementsPerFlow(
  before: Map<string, number> | undefined,
  after: Map<string, number> | undefined,
  flows: number,
): Record<string, number> | undefined {
  if (!before || !after) return undefined;
  return Object.fromEntries(
    [...after].map(([caller, count]) => [caller, (count - (before.get(caller) ?? 0)) / flows]),
  );
}

const totalOf = (perCaller: Readonly<Record<string, number>>): number =>
  Object.values(perCaller).reduce((sum, count) => sum + count, 0);

async function flowPhase(
  world: FlowWorld,
  service: ServiceProcess,
  db: PgDatabase,
  route: Route,
  workers: number,
  citizenFor: () => Iin,
): Promise<FlowFigures> {
  const samples: FlowSample[] = [];
  const lag: Record<string, number> = {};
  const sampleLag = async () => {
    const text = (await world.api.call('GET', '/metrics')).text;
    for (const match of text.matchAll(/^numlink_projection_lag_seconds\{projection="([^"]+)"\} (\S+)$/gm)) {
      const name = match[1] ?? '?';
      lag[name] = Math.max(lag[name] ?? 0, Number(match[2]));
    }
  };
  const statementsBefore = await sqlStatements(world.api);
  const started = performance.now();
  const { value: loop, usage } = await measured(
    service,
    db,
    () =>
      runClosedLoop(
        { workers, warmUpMs: FLOW_WARM_UP_MS, durationMs: FLOW_DURATION_MS },
        () => () => runFlow(world, route, citizenFor(), samples),
      ),
    sampleLag,
  );
  const statementsAfter = await sqlStatements(world.api);
  // The commands of the flows counted by the closed loop: begun and ended inside its window.
  const windowStart = started + FLOW_WARM_UP_MS;
  const windowEnd = windowStart + FLOW_DURATION_MS;
  const counted = samples.filter((s) => s.began >= windowStart && s.ended <= windowEnd);
  const ended = samples.filter((s) => s.ended >= windowStart && s.ended <= windowEnd).length;
  const of = (pick: (s: FlowSample) => number) => Float64Array.from(counted, pick);
  const creates = of((s) => s.createMs);
  const confirms = of((s) => s.confirmMs);
  const sms = of((s) => s.smsMs);
  return {
    channel: route.channel,
    label: routeLabel(route),
    workers,
    loop,
    perSecond: ended / (FLOW_DURATION_MS / 1000),
    allFlows: samples.length,
    create: { p50: percentile(creates, 50), p99: percentile(creates, 99) },
    confirm: { p50: percentile(confirms, 50), p99: percentile(confirms, 99) },
    smsP50: percentile(sms, 50),
    smsP99: percentile(sms, 99),
    factorMeanMs: counted.reduce((sum, s) => sum + s.factorMs, 0) / counted.length,
    usage,
    lagMaxSeconds: lag,
    sqlPerFlow: statementsPerFlow(statementsBefore, statementsAfter, samples.length),
  };
}

// ---------- reads ----------

/** Waits until every projection has applied every stored event (the lag gauges read 0 events). */
async function projectionsCaughtUp(api: ApiClient, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const text = (await api.call('GET', '/metrics')).text;
    const lags = [...text.matchAll(/^numlink_projection_lag_events\{[^}]*\} (\S+)$/gm)].map((m) =>
      Number(m[1]),
    );
    if (lags.length > 0 && lags.every((lag) => lag === 0)) return;
    if (performance.now() > deadline) throw new Error('the projections did not catch up');
    await sleep(200);
  }
}

interface ReadFigures {
  readonly loop: ClosedLoopResult;
  readonly usage: PhaseUsage;
  /** Of the link reads in the phase (warm-up included), the share the view cache answered; undefined: not counted. */
  readonly fromCache?: number;
}

/** The service's `numlink_link_view_cache_reads_total` by outcome; undefined when it has no such counter. */
async function viewCacheReads(api: ApiClient): Promise<{ hit: number; miss: number } | undefined> {
  const text = (await api.call('GET', '/metrics')).text;
  const count = (outcome: string) =>
    new RegExp(`^numlink_link_view_cache_reads_total\\{outcome="${outcome}"\\} (\\S+)$`, 'm').exec(text)?.[1];
  const [hit, miss] = [count('hit'), count('miss')];
  return hit === undefined || miss === undefined ? undefined : { hit: Number(hit), miss: Number(miss) };
}

/** A phase of link reads, with the share of them the view cache answered. */
async function withCacheShare(api: ApiClient, phase: () => Promise<ReadFigures>): Promise<ReadFigures> {
  const before = await viewCacheReads(api);
  const figures = await phase();
  const after = await viewCacheReads(api);
  if (!before || !after) return figures;
  const [hits, misses] = [after.hit - before.hit, after.miss - before.miss];
  return { ...figures, fromCache: hits / Math.max(1, hits + misses) };
}

function readPhase(
  api: ApiClient,
  service: ServiceProcess,
  db: PgDatabase,
  workers: number,
  operationFor: (worker: number) => () => Promise<void>,
): Promise<ReadFigures> {
  return measured(service, db, () =>
    runClosedLoop({ workers, warmUpMs: READ_WARM_UP_MS, durationMs: READ_DURATION_MS }, operationFor),
  ).then(({ value, usage }) => ({ loop: value, usage }));
}

// ---------- the report ----------

const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

function flowRows(flows: readonly FlowFigures[]): Cell[][] {
  return flows.map((f) => [
    f.label,
    f.workers,
    f.perSecond,
    2 * f.perSecond,
    f.create.p50,
    f.create.p99,
    f.confirm.p50,
    f.confirm.p99,
    f.smsP50,
    f.smsP99,
    f.loop.p50Ms,
    f.loop.p99Ms,
    f.factorMeanMs,
    lagMaxOf(f),
  ]);
}

const lagMaxOf = (flow: FlowFigures): number => Math.max(0, ...Object.values(flow.lagMaxSeconds));

function usageRows(
  label: (i: number) => string,
  usages: readonly PhaseUsage[],
  operations: readonly number[],
): Cell[][] {
  return usages.map((u, i) => {
    const per = (value: number) => value / (operations[i] ?? Number.NaN);
    return [
      label(i),
      u.rssMaxMb,
      u.serviceCores,
      u.postgresCores,
      u.postgresAllCores,
      u.postgresPssMaxMb,
      u.generatorCores,
      u.machineCores - u.serviceCores - u.postgresAllCores - u.generatorCores,
      per(u.serviceCpuMs),
      per(u.postgresCpuMs),
      per(u.generatorCpuMs),
      per(u.database.commits),
      per(u.database.inserted),
      per(u.database.linkScans),
      u.oldestWriterElsewhereSeconds,
    ];
  });
}

const USAGE_HEADERS = [
  'phase',
  'RSS max MB',
  'cores: service',
  'pg (this db)',
  'pg (all)',
  'pg PSS MB',
  'generator',
  'rest of machine',
  'CPU ms/op: service',
  'pg',
  'generator',
  'commits/op',
  'rows ins/op',
  'number_links scans/op',
  'oldest writer elsewhere s',
] as const;
const USAGE_DIGITS = [0, 0, 2, 2, 2, 0, 2, 2, 2, 2, 2, 1, 1, 2, 1];

/** Busy cores of the machine over `ms` while this run does nothing: the other work this figure competes with. */
async function otherLoad(ms: number): Promise<number> {
  const before = machineCpuMs();
  await sleep(ms);
  return (machineCpuMs().busy - before.busy) / ms;
}

interface Running {
  readonly service: ServiceProcess;
  readonly api: ApiClient;
  readonly observer: PgDatabase;
  readonly world: FlowWorld;
  readonly citizens: Citizens;
}

/** 1: the flows of each level over eGov mobile, then the portal with each EDS algorithm. */
async function runFlows(run: Running): Promise<FlowFigures[]> {
  const { service, observer, world, citizens } = run;
  const flows: FlowFigures[] = [];
  if (SERVICE_WARM_UP_MS > 0) {
    const workers = FLOW_LEVELS[0] ?? 8;
    const cold = await runClosedLoop(
      { workers, warmUpMs: 0, durationMs: SERVICE_WARM_UP_MS },
      () => () => runFlow(world, { channel: 'egov-mobile' }, citizens.take(), []),
    );
    console.log(
      `  the service's first ${SERVICE_WARM_UP_MS / 1000} s after start, egov-mobile x${workers} (in no level): ` +
        `${cold.perSecond.toFixed(0)} flows/s, flow p50/p99 ${cold.p50Ms.toFixed(1)}/${cold.p99Ms.toFixed(1)} ms`,
    );
  }
  for (const workers of FLOW_LEVELS) {
    console.log(`  running egov-mobile x${workers}  (load average ${loadAverage()})`);
    const figures = await flowPhase(world, service, observer, { channel: 'egov-mobile' }, workers, () =>
      citizens.take(),
    );
    flows.push(figures);
    console.log(`    ${figures.perSecond.toFixed(0)} flows/s, flow p99 ${figures.loop.p99Ms.toFixed(1)} ms`);
  }
  if (!RUN_PORTAL) return flows;
  // Certificates for a few more portal flows than the mobile channel managed at this level.
  const mobileRate = flows.find((f) => f.workers === PORTAL_LEVEL)?.perSecond ?? 100;
  const certificates = Math.ceil(mobileRate * ((FLOW_WARM_UP_MS + FLOW_DURATION_MS) / 1000) * 1.2) + 100;
  for (const eds of PORTAL_ALGORITHMS) {
    const authority = world.signatures[eds];
    const issueBegan = performance.now();
    const portalIins: Iin[] = [];
    for (let i = 0; i < certificates; i++) {
      const iin = citizens.take();
      await authority.issue(iin);
      portalIins.push(iin);
    }
    const issueMs = (performance.now() - issueBegan) / certificates;
    let next = 0;
    console.log(
      `  running portal ${eds} x${PORTAL_LEVEL} (${certificates} certificates issued beforehand, ` +
        `${issueMs.toFixed(1)} ms each)  (load average ${loadAverage()})`,
    );
    const portal = await flowPhase(
      world,
      service,
      observer,
      { channel: 'portal', eds },
      PORTAL_LEVEL,
      // Past the certificates issued beforehand, the flow issues its citizen's own (counted apart).
      () => portalIins[next++] ?? citizens.take(),
    );
    flows.push(portal);
    console.log(
      `    ${portal.perSecond.toFixed(0)} flows/s, flow p99 ${portal.loop.p99Ms.toFixed(1)} ms` +
        (authority.issuedLate > 0 ? `; ${authority.issuedLate} certificates issued during flows` : ''),
    );
  }
  return flows;
}

interface ReadLevel {
  readonly workers: number;
  readonly health: readonly ReadFigures[];
  readonly links: readonly ReadFigures[];
}

/** 2 and 3: number links over the connected accounts against health/live, interleaved, each level. */
async function runReads(run: Running): Promise<ReadLevel[]> {
  const { service, api, observer, world } = run;
  const connected = world.connected;
  const readLink = (worker: number) => {
    let next = (worker * 7919) % connected.length;
    return async () => {
      next = (next + 1) % connected.length;
      expectAnswer(
        await api.call('GET', `/v1/number-links/${connected[next]}`, PORTAL_KEY),
        200,
        'number link',
      );
    };
  };
  const live = () => async () => {
    expectAnswer(await api.call('GET', '/health/live'), 200, 'health');
  };
  const levels: ReadLevel[] = [];
  for (const workers of READ_LEVELS) {
    console.log(`  running health/live and number-links x${workers}, ${READ_ROUNDS} rounds`);
    const runs = await runInterleaved(READ_ROUNDS, {
      health: () => readPhase(api, service, observer, workers, live),
      links: () => withCacheShare(api, () => readPhase(api, service, observer, workers, readLink)),
    });
    levels.push({ workers, health: runs.health, links: runs.links });
  }
  return levels;
}

interface ReadSummary {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

const summarise = (runs: readonly ReadFigures[]): ReadSummary => ({
  perSecond: median(runs.map((r) => r.loop.perSecond)),
  p50: median(runs.map((r) => r.loop.p50Ms)),
  p99: median(runs.map((r) => r.loop.p99Ms)),
});

function reportFlows(flows: readonly FlowFigures[], caughtUpMs: number): number | undefined {
  console.log('\n1. full flows (closed loops; a command = one create or one confirm; latencies in ms)');
  console.log(
    formatTable(
      [
        'flow',
        'conc',
        'flows/s',
        'commands/s',
        'create p50',
        'create p99',
        'confirm p50',
        'confirm p99',
        'OTP via SMS p50',
        'OTP via SMS p99',
        'flow p50',
        'flow p99',
        'factor ms (generator)',
        'lag max s',
      ],
      flowRows(flows),
      { digits: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3] },
    ),
  );
  console.log(
    'flows/s: flows ended inside the measured window; latencies: flows begun and ended inside it.\n' +
      'factor: minting the biometric JWS (egov-mobile) or signing dataToSign as CMS (portal) in this process, ' +
      'between the SMS and the confirm: inside the flow latency, outside both command latencies.\n' +
      'lag max: the largest numlink_projection_lag_seconds of any projection in GET /metrics, every ' +
      `${SAMPLE_EVERY_MS} ms while the phase ran.`,
  );
  console.log(
    '\n   what each flow phase used (per op = per flow, warm-up included; commits and rows: pg_stat_database)',
  );
  console.log(
    formatTable(
      [...USAGE_HEADERS],
      usageRows(
        (i) => `${flows[i]?.label} x${flows[i]?.workers}`,
        flows.map((f) => f.usage),
        flows.map((f) => f.allFlows),
      ),
      { digits: USAGE_DIGITS },
    ),
  );
  reportStatements(flows);
  if (flows.length === 0) return undefined;
  const lags: Record<string, number> = {};
  for (const flow of flows)
    for (const [name, seconds] of Object.entries(flow.lagMaxSeconds))
      lags[name] = Math.max(lags[name] ?? 0, seconds);
  const lagMax = Math.max(0, ...Object.values(lags));
  console.log(
    `\n4. projection lag over all flow phases (max of numlink_projection_lag_seconds): ${Object.entries(lags)
      .map(([name, seconds]) => `${name} ${seconds.toFixed(3)} s`)
      .join(', ')}; max ${lagMax.toFixed(3)} s`,
  );
  console.log(`   after the last flow, every projection had caught up within ${caughtUpMs.toFixed(0)} ms`);
  return lagMax;
}

/** SQL statements per flow from the service's own counter, by caller (n/a without the counter). */
function reportStatements(flows: readonly FlowFigures[]): void {
  const callers = [...new Set(flows.flatMap((f) => Object.keys(f.sqlPerFlow ?? {})))].sort();
  if (callers.length === 0) {
    console.log(
      '\n   SQL statements per flow (numlink_sql_statements_total): n/a, the service has no such counter',
    );
    return;
  }
  console.log('\n   SQL statements per flow (numlink_sql_statements_total, warm-up included), by caller');
  console.log(
    formatTable(
      ['caller', ...flows.map((f) => `${f.label} x${f.workers}`)],
      [
        ...callers.map((caller) => [caller, ...flows.map((f) => f.sqlPerFlow?.[caller] ?? Number.NaN)]),
        ['total', ...flows.map((f) => (f.sqlPerFlow ? totalOf(f.sqlPerFlow) : Number.NaN))],
      ],
      { digits: [0, ...flows.map(() => 1)] },
    ),
  );
}

/** Each round's share of link reads the view cache answered, as percentages ('?' where not counted). */
const cacheShares = (runs: readonly ReadFigures[]): string =>
  runs.map((r) => (r.fromCache === undefined ? '?' : `${(100 * r.fromCache).toFixed(1)}%`)).join(' ');

function reportReads(levels: readonly ReadLevel[], flows: readonly FlowFigures[], accounts: number): void {
  console.log(
    `\n3. reads over the ${accounts.toLocaleString('en')} accounts connected above, against GET /health/live ` +
      `(medians of ${READ_ROUNDS} interleaved rounds; latencies in ms)`,
  );
  const perRound = (runs: readonly ReadFigures[]) => runs.map((r) => r.loop.perSecond.toFixed(0)).join(' ');
  console.log(
    formatTable(
      ['what', 'conc', 'req/s', 'p50', 'p99', 'per round req/s', 'of health/live', 'from view cache'],
      levels.flatMap((level) => {
        const health = summarise(level.health);
        const links = summarise(level.links);
        return [
          [
            'GET /health/live',
            level.workers,
            health.perSecond,
            health.p50,
            health.p99,
            perRound(level.health),
            1,
            '-',
          ],
          [
            'GET /v1/number-links/{iin}',
            level.workers,
            links.perSecond,
            links.p50,
            links.p99,
            perRound(level.links),
            links.perSecond / health.perSecond,
            cacheShares(level.links),
          ],
        ];
      }),
      { digits: [0, 0, 0, 2, 2, 0, 2, 0] },
    ),
  );
  for (const level of levels) {
    const flow = flows.find((f) => f.channel === 'egov-mobile' && f.workers === level.workers);
    if (flow)
      console.log(
        `   commands/s of egov-mobile x${level.workers} / health/live x${level.workers}: ` +
          `${((2 * flow.perSecond) / summarise(level.health).perSecond).toFixed(3)}`,
      );
  }
  console.log(
    '\n   what each read phase used (per op = per request, warm-up estimated at the measured rate)',
  );
  const phases = levels.flatMap((level) => [
    ...level.health.map((r, i) => ({ label: `health x${level.workers} #${i + 1}`, r })),
    ...level.links.map((r, i) => ({ label: `links x${level.workers} #${i + 1}`, r })),
  ]);
  console.log(
    formatTable(
      [...USAGE_HEADERS],
      usageRows(
        (i) => phases[i]?.label ?? '',
        phases.map((p) => p.r.usage),
        phases.map((p) => p.r.loop.perSecond * p.r.usage.seconds),
      ),
      { digits: USAGE_DIGITS },
    ),
  );
}

interface Summary {
  readonly flows: readonly FlowFigures[];
  readonly levels: readonly ReadLevel[];
  readonly ceiling: CommitCeiling | undefined;
  readonly lagMax: number | undefined;
  readonly rssMax: number;
  readonly idleRss: number;
  readonly loadAtStart: string;
}

const ms = (value: number): string => value.toFixed(1);
const verdictOr = (met: boolean | undefined): string => (met === undefined ? '-' : verdict(met));

/** The figures of issue 11 item 7 and of issue 10's portal target, one line each, with their targets. */
function reportSummary({ flows, levels, ceiling, lagMax, rssMax, idleRss, loadAtStart }: Summary): void {
  const mobile = flows.filter((f) => f.channel === 'egov-mobile');
  const atTarget = mobile.find((f) => f.workers === TARGET_LEVEL);
  const rows: Cell[][] = mobile.map((f) => [
    `eGov mobile flows/s x${f.workers}`,
    `${f.perSecond.toFixed(0)}  (create p50/p99 ${ms(f.create.p50)}/${ms(f.create.p99)} ms, ` +
      `confirm ${ms(f.confirm.p50)}/${ms(f.confirm.p99)} ms)`,
    f.workers === TARGET_LEVEL
      ? `>= ${TARGET.flowsPerSecondAt32}/s`
      : f.workers === 8
        ? `p99 < ${TARGET.commandP99Ms} ms`
        : '',
    f.workers === TARGET_LEVEL
      ? verdict(f.perSecond >= TARGET.flowsPerSecondAt32)
      : f.workers === 8
        ? verdict(Math.max(f.create.p99, f.confirm.p99) < TARGET.commandP99Ms)
        : '-',
  ]);
  if (ceiling) {
    rows.push([
      `commit ceiling (INSERT+COMMIT at ${ceiling.writers} writers, halved)`,
      `${ceiling.flowsPerSecond.toFixed(0)} flows/s  (${ceiling.insertsPerSecond.toFixed(0)} commits/s, ` +
        `p50/p99 ${ms(ceiling.p50Ms)}/${ms(ceiling.p99Ms)} ms)`,
      '',
      '-',
    ]);
    const ratio = atTarget ? atTarget.perSecond / ceiling.flowsPerSecond : Number.NaN;
    rows.push([
      `flows x${TARGET_LEVEL} / commit ceiling`,
      Number.isNaN(ratio) ? '-' : ratio.toFixed(3),
      `>= ${TARGET.flowsOfCeiling}`,
      verdictOr(Number.isNaN(ratio) ? undefined : ratio >= TARGET.flowsOfCeiling),
    ]);
  }
  for (const level of levels) {
    const links = summarise(level.links);
    const health = summarise(level.health);
    const ratio = links.perSecond / health.perSecond;
    rows.push([
      `GET /v1/number-links/{iin} x${level.workers} / health/live`,
      `${links.perSecond.toFixed(0)}/s / ${health.perSecond.toFixed(0)}/s = ${ratio.toFixed(2)}  ` +
        `(p99 ${ms(links.p99)} ms / ${ms(health.p99)} ms; from the view cache ${cacheShares(level.links)})`,
      `>= ${TARGET.linksPerSecond}/s or >= ${TARGET.linksOfHealth}`,
      verdict(links.perSecond >= TARGET.linksPerSecond || ratio >= TARGET.linksOfHealth),
    ]);
  }
  rows.push([
    'service RSS (VmRSS)',
    `${idleRss.toFixed(0)} MB idle, ${rssMax.toFixed(0)} MB max`,
    `< ${TARGET.rssMb} MB`,
    verdict(rssMax < TARGET.rssMb),
  ]);
  for (const f of mobile) {
    const u = f.usage;
    rows.push([
      `CPU cores during ${f.label} x${f.workers}`,
      `service ${u.serviceCores.toFixed(2)}, PostgreSQL ${u.postgresCores.toFixed(2)} (this db) / ` +
        `${u.postgresAllCores.toFixed(2)} (all), generator ${u.generatorCores.toFixed(2)}, ` +
        `machine ${u.machineCores.toFixed(2)}; PostgreSQL PSS ${u.postgresPssMaxMb.toFixed(0)} MB`,
      '',
      '-',
    ]);
  }
  rows.push(
    lagMax === undefined
      ? ['projection lag during the flows', 'not measured', `< ${TARGET.lagSeconds} s`, '-']
      : [
          'projection lag during the flows (max)',
          `${lagMax.toFixed(3)} s`,
          `< ${TARGET.lagSeconds} s`,
          verdict(lagMax < TARGET.lagSeconds),
        ],
  );
  for (const f of mobile) {
    const statements = f.sqlPerFlow ? totalOf(f.sqlPerFlow) : undefined;
    const top = f.sqlPerFlow
      ? Object.entries(f.sqlPerFlow)
          .sort(([, a], [, b]) => b - a)
          .slice(0, 3)
          .map(([caller, count]) => `${caller} ${count.toFixed(1)}`)
          .join(', ')
      : '';
    rows.push([
      `per flow x${f.workers}: SQL statements (all callers) / commits`,
      `${statements === undefined ? 'n/a' : statements.toFixed(1)} / ` +
        `${(f.usage.database.commits / f.allFlows).toFixed(1)}${top ? `  (${top})` : ''}`,
      `write path <= ${TARGET.sqlStatementsPerFlow} / <= ${TARGET.commitsPerFlow}`,
      '-',
    ]);
  }
  const rsa = flows.find((f) => f.label === 'portal rsa');
  const gost = flows.find((f) => f.label === 'portal gost2015-512');
  if (rsa && gost) {
    const ratio = gost.perSecond / rsa.perSecond;
    rows.push(
      [
        `portal flows/s x${PORTAL_LEVEL}: GOST 34.10-2015 (512) / RSA-2048`,
        `${gost.perSecond.toFixed(0)} / ${rsa.perSecond.toFixed(0)} = ${ratio.toFixed(2)}  ` +
          `(confirm p50 ${ms(gost.confirm.p50)} / ${ms(rsa.confirm.p50)} ms)`,
        `>= ${TARGET.gostOfRsa}`,
        verdict(ratio >= TARGET.gostOfRsa),
      ],
      [
        '  service CPU per portal flow: GOST / RSA',
        `${(gost.usage.serviceCpuMs / gost.allFlows).toFixed(2)} / ` +
          `${(rsa.usage.serviceCpuMs / rsa.allFlows).toFixed(2)} ms; generator signing ` +
          `${ms(gost.factorMeanMs)} / ${ms(rsa.factorMeanMs)} ms a flow`,
        '',
        '-',
      ],
    );
  }
  rows.push(['load average (1, 5, 15 min)', `${loadAtStart} at start, ${loadAverage()} at the end`, '', '-']);
  console.log(
    '\nSummary: SPEC §7 and issues 10-11 (2-core machine; PostgreSQL, the service and this generator all on it)',
  );
  console.log(formatTable(['figure', 'value', 'target', 'verdict'], rows));
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const serverUrl = benchDatabaseUrl();
  const database = await createBenchDatabase(serverUrl);
  const dir = mkdtempSync(path.join(tmpdir(), 'numlink-bench-api-'));
  let service: ServiceProcess | undefined;
  let api: ApiClient | undefined;
  let observer: PgDatabase | undefined;
  try {
    observer = await PgDatabase.connect({ connectionString: database.url, maxConnections: 1 });
    console.log((await describeMachine(observer)).join('\n'));
    console.log(`load average at start (os.loadavg, 1 5 15 min): ${loadAtStart}`);

    const setupBegan = performance.now();
    const iins = generateIins(CITIZENS);
    const identityFile = path.join(dir, 'identity-registry.json');
    writeFileSync(
      identityFile,
      JSON.stringify({ persons: iins.map((iin) => ({ iin, status: 'active', documentsValid: true })) }),
    );
    const biometrics = await BiometricProvider.create(path.join(dir, 'biometric-jwks.json'));
    const [rsaAuthority, gostAuthority] = await Promise.all(
      PORTAL_ALGORITHMS.map((algorithm) => SignatureAuthority.create(algorithm)),
    );
    const signatures = { rsa: rsaAuthority!, 'gost2015-512': gostAuthority! };
    writeFileSync(
      path.join(dir, 'trust-anchors.pem'),
      Object.values(signatures)
        .map((authority) => authority.caPem)
        .join('\n'),
    );
    const sinkPath = path.join(dir, 'sms.jsonl');
    const port = await freePort();
    service = ServiceProcess.start({
      NUMLINK_PORT: String(port),
      NUMLINK_DATA_DIR: path.join(dir, 'data'),
      NUMLINK_DATABASE_URL: database.url,
      NUMLINK_LOG_LEVEL: 'warn',
      NUMLINK_IDENTITY_REGISTRY_FILE: identityFile,
      NUMLINK_EDS_TRUST_ANCHORS: path.join(dir, 'trust-anchors.pem'),
      NUMLINK_BIOMETRIC_JWKS: path.join(dir, 'biometric-jwks.json'),
      NUMLINK_BIOMETRIC_ISSUER: BIOMETRIC_ISSUER,
      NUMLINK_SMS_SINK: `file:${sinkPath}`,
      NUMLINK_OTP_MAX_SENDS_PER_PHONE_PER_HOUR: '10000',
      NUMLINK_MAX_REQUESTS_PER_IIN_PER_DAY: '100000',
      ...SERVICE_ENV,
    });
    api = new ApiClient(port);
    await service.waitUntilLive(api, 60_000);
    const setupSeconds = (performance.now() - setupBegan) / 1000;
    const idleRss = rssMb(service.pid);
    const others = await otherLoad(2_000);
    console.log(
      `service: node ${SERVICE_NODE_ARGS.join(' ') || '(no extra flags)'} dist/src/main.js, pid ${service.pid}` +
        `${Object.keys(SERVICE_ENV).length > 0 ? ` with ${process.env.NUMLINK_BENCH_SERVICE_ENV}` : ''}; ` +
        `database ${database.name}; ${iins.length.toLocaleString('en')} citizens in its identity file; ` +
        `RSS at idle after start ${idleRss.toFixed(0)} MB; setup ${setupSeconds.toFixed(1)} s`,
    );
    console.log(
      `other load on the machine before the run (2 s, nothing of this run working): ${others.toFixed(2)} of 2 cores busy` +
        (others > 0.2 ? '  <-- the figures below compete with it' : ''),
    );
    console.log(
      `load: closed loops over HTTP/1.1 keep-alive (node:http) from this process; flows ` +
        `${FLOW_WARM_UP_MS / 1000} s warm-up + ${FLOW_DURATION_MS / 1000} s measured; reads ` +
        `${READ_WARM_UP_MS / 1000} s + ${READ_DURATION_MS / 1000} s, ${READ_ROUNDS} interleaved rounds (medians)`,
    );

    const citizens = new Citizens(iins);
    const world: FlowWorld = {
      api,
      inbox: new OtpInbox(sinkPath),
      citizens,
      phones: new Phones(),
      biometrics,
      signatures,
      connected: [],
    };
    const run: Running = { service, api, observer, world, citizens };
    const flows = await runFlows(run);
    world.inbox.close();
    const caughtUpBegan = performance.now();
    await projectionsCaughtUp(api, 60_000);
    const caughtUpMs = performance.now() - caughtUpBegan;
    let ceiling: CommitCeiling | undefined;
    if (RUN_CEILING) {
      console.log(`  running the commit ceiling, ${TARGET_LEVEL} writers  (load average ${loadAverage()})`);
      ceiling = await measureCommitCeiling(database.url, TARGET_LEVEL, READ_WARM_UP_MS, FLOW_DURATION_MS);
    }
    const levels = RUN_READS ? await runReads(run) : [];

    const lagMax = reportFlows(flows, caughtUpMs);
    if (ceiling)
      console.log(
        `\n2. commit ceiling: single-row INSERT+COMMIT at ${ceiling.writers} writers on the same database: ` +
          `${ceiling.insertsPerSecond.toFixed(0)}/s (p50 ${ms(ceiling.p50Ms)} ms, p99 ${ms(ceiling.p99Ms)} ms); ` +
          `halved ${ceiling.flowsPerSecond.toFixed(0)} flows/s`,
      );
    if (levels.length > 0) reportReads(levels, flows, world.connected.length);
    const rssMax = Math.max(
      idleRss,
      ...flows.map((f) => f.usage.rssMaxMb),
      ...levels.flatMap((level) => [...level.health, ...level.links].map((r) => r.usage.rssMaxMb)),
    );
    reportSummary({ flows, levels, ceiling, lagMax, rssMax, idleRss, loadAtStart });
    const logged = [...service.messages].map(([msg, count]) => `"${msg}" x${count}`);
    console.log(`\nservice log at warn and above: ${logged.length === 0 ? 'nothing' : logged.join(', ')}`);
  } catch (error) {
    if (service) console.error(`service output (last lines):\n${service.lastOutput}`);
    throw error;
  } finally {
    api?.close();
    await service?.stop();
    await observer?.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
