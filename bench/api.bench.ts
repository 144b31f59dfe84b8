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
 * 1. Full flows (create request, read the OTP from the SMS sink, confirm with the OTP and the channel's
 *    second factor) in closed loops at 1, 8, 32 and 64 concurrent citizens over the eGov mobile channel
 *    (biometric token), and at 32 over the portal (EDS signature); while the 32 run, `/metrics` is
 *    sampled for the projection lag.
 * 2. `GET /v1/number-links/{iin}` over the accounts connected in 1, at 32 and 64 concurrent readers,
 *    interleaved with `GET /health/live` at the same concurrency: the ceiling of Nest, Fastify and this
 *    client on this machine.
 * For every phase: the service's RSS (VmRSS, sampled), the CPU used by the service, by the PostgreSQL
 * backends of its database, by this generator and by the rest of the machine, the database's commits and
 * rows per operation (pg_stat_database), and the oldest write transaction in the server's other
 * databases (it holds back the service's global-order reader, so a shared server can stall it).
 *
 * Diagnosis knobs: NUMLINK_BENCH_FLOW_LEVELS (e.g. `64`), NUMLINK_BENCH_PORTAL=0, NUMLINK_BENCH_READS=0,
 * NUMLINK_BENCH_SECONDS, NUMLINK_BENCH_READ_SECONDS, NUMLINK_BENCH_CITIZENS, and
 * NUMLINK_BENCH_SERVICE_NODE_ARGS (node flags for the service: `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request, type OutgoingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { otpInSmsText } from '../src/application/sms-text';
import { iinCheckDigit, parseIin, type Iin } from '../src/domain/shared/iin';
import { instantFromMillis } from '../src/domain/shared/instant';
import {
  biometricResultClaims,
  jwksOf,
  publicJwkOf,
  signBiometricToken,
} from '../src/infrastructure/dev-pki/biometric-token';
import type { Credential } from '../src/infrastructure/dev-pki/credential';
import { issueCertificate } from '../src/infrastructure/dev-pki/issue-certificate';
import { signCms } from '../src/infrastructure/dev-pki/sign-cms';
import {
  generateSigningKey,
  type NodeSigningKey,
  type SigningKey,
} from '../src/infrastructure/dev-pki/signing-key';
import { SmsSinkTail } from '../src/infrastructure/sms/sms-sink-reader';
import { PgDatabase } from '../src/infrastructure/sql/pg-database';
import { runClosedLoop, type ClosedLoopResult } from './support/closed-loop';
import { formatTable, type Cell } from './support/format-table';
import { benchDatabaseUrl } from './support/fresh-schema';
import { runInterleaved } from './support/interleaved-runs';
import { describeMachine } from './support/machine-description';
import { median } from './support/median';
import { percentile } from './support/percentile';

/** Knobs for diagnosis (profiling one phase); the defaults are the benchmark. */
const FLOW_LEVELS = (process.env.NUMLINK_BENCH_FLOW_LEVELS ?? '1,8,32,64').split(',').map(Number);
const RUN_PORTAL = process.env.NUMLINK_BENCH_PORTAL !== '0';
const RUN_READS = process.env.NUMLINK_BENCH_READS !== '0';
const LAG_LEVEL = 32;
const PORTAL_LEVEL = 32;
const READ_LEVELS = [32, 64] as const;
const READ_ROUNDS = 2;
const FLOW_WARM_UP_MS = 2_000;
const FLOW_DURATION_MS = Number(process.env.NUMLINK_BENCH_SECONDS ?? '8') * 1_000;
const READ_WARM_UP_MS = 1_000;
const READ_DURATION_MS = Number(process.env.NUMLINK_BENCH_READ_SECONDS ?? '5') * 1_000;
/** Citizens in the identity-registry file: each flow connects a fresh one. */
const CITIZENS = Number(process.env.NUMLINK_BENCH_CITIZENS ?? '100000');
/** Extra node flags for the service (`--cpu-prof --cpu-prof-dir=...` to profile it under this load). */
const SERVICE_NODE_ARGS = (process.env.NUMLINK_BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const SAMPLE_EVERY_MS = 200;
const BIOMETRIC_ISSUER = 'numlink-bench-biometrics';
const MOBILE_KEY = 'dev-mobile-key';
const PORTAL_KEY = 'dev-portal-key';
const CONSENT = { given: true, textVersion: 'consent-2024-03' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** SPEC §7. */
const TARGET = {
  commandsPerSecond: 2_000,
  commandP99Ms: 50,
  linksPerSecond: 10_000,
  linksP99Ms: 10,
  lagSeconds: 1,
  rssMb: 300,
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
}

/** The bench database's commits and rows so far (the server flushes them about once a second). */
async function databaseCounters(db: PgDatabase): Promise<DatabaseCounters> {
  const [row] = await db.query<{ commits: string; inserted: string; updated: string }>(
    `SELECT xact_commit::text AS commits, tup_inserted::text AS inserted, tup_updated::text AS updated
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return { commits: Number(row?.commits), inserted: Number(row?.inserted), updated: Number(row?.updated) };
}

// ---------- citizens, numbers and their second factors ----------

/** Valid individuals' IINs (R1): birth dates from 1960 on, century-and-sex digit 3, serials 1-99. */
function generateIins(count: number): Iin[] {
  const iins: Iin[] = [];
  const first = Date.UTC(1960, 0, 1);
  for (let day = 0; iins.length < count; day++) {
    const date = new Date(first + day * DAY_MS).toISOString();
    const yymmdd = `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
    for (let serial = 1; serial < 100 && iins.length < count; serial++) {
      const first11 = `${yymmdd}3${String(serial).padStart(4, '0')}`;
      const check = iinCheckDigit(first11);
      if (check === undefined) continue;
      const parsed = parseIin(`${first11}${check}`);
      if (parsed.ok) iins.push(parsed.value);
    }
  }
  return iins;
}

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

/** The biometric provider this run trusts (R17): a key held here, its JWKS in a file for the service. */
class BiometricProvider {
  private constructor(
    private readonly key: NodeSigningKey,
    private readonly keyId: string,
  ) {}

  static async create(jwksFile: string): Promise<BiometricProvider> {
    const key = await generateSigningKey('ecdsa');
    writeFileSync(jwksFile, JSON.stringify(await jwksOf([key])));
    const keyId = (await publicJwkOf(key)).kid;
    if (keyId === undefined) throw new Error('the biometric key has no key id');
    return new BiometricProvider(key, keyId);
  }

  /** "match" for this citizen and request, issued now (what `mintBiometricToken` makes, key in memory). */
  mint(iin: string, requestId: string): Promise<string> {
    const claims = biometricResultClaims({
      issuer: BIOMETRIC_ISSUER,
      iin,
      requestId,
      issuedAt: instantFromMillis(Date.now()),
      validForSeconds: 300,
    });
    return signBiometricToken(claims, this.key, this.keyId);
  }
}

/**
 * The EDS certification authority this run trusts (R16): one CA and one signer key; each portal citizen
 * gets a certificate with `SERIALNUMBER=IIN<iin>` (issuing is the slow part, done before the phase).
 */
class SignatureAuthority {
  private readonly signers = new Map<string, Credential>();

  private constructor(
    private readonly ca: Credential,
    private readonly signerKey: SigningKey,
  ) {}

  static async create(trustAnchorsFile: string): Promise<SignatureAuthority> {
    const [caKey, signerKey] = await Promise.all([generateSigningKey('ecdsa'), generateSigningKey('ecdsa')]);
    const now = Date.now();
    const certificate = await issueCertificate({
      subject: [{ CN: ['numlink benchmark CA'] }],
      key: caKey,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 30 * DAY_MS),
      isCertificateAuthority: true,
    });
    writeFileSync(trustAnchorsFile, certificate.toString('pem'));
    return new SignatureAuthority({ certificate, key: caKey }, signerKey);
  }

  async issue(iin: string): Promise<void> {
    const now = Date.now();
    const certificate = await issueCertificate({
      subject: [{ CN: ['benchmark citizen'] }, { '2.5.4.5': [`IIN${iin}`] }],
      key: this.signerKey,
      issuer: this.ca,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 30 * DAY_MS),
      isCertificateAuthority: false,
    });
    this.signers.set(iin, { certificate, key: this.signerKey });
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

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
    const main = path.join(__dirname, '..', 'src', 'main.js');
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

interface ApiAnswer {
  readonly status: number;
  readonly text: string;
}

/** HTTP/1.1 with keep-alive over node:http (lighter on this generator's CPU than `fetch`). */
class ApiClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(private readonly port: number) {}

  call(method: string, route: string, key?: string, body?: unknown): Promise<ApiAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: OutgoingHttpHeaders = {};
    if (key !== undefined) headers.authorization = `Bearer ${key}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { host: '127.0.0.1', port: this.port, method, path: route, agent: this.agent, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The answer's JSON when it has the expected status; else an error naming the step and the error code only. */
function expectAnswer(answer: ApiAnswer, status: number, step: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  if (answer.status !== status) {
    const code = (body as { error?: { code?: string } } | undefined)?.error?.code ?? 'no error code';
    throw new Error(`${step}: HTTP ${answer.status} (${code}), expected ${status}`);
  }
  if (typeof body !== 'object' || body === null) throw new Error(`${step}: the answer is not a JSON object`);
  return body as Record<string, unknown>;
}

// ---------- the SMS sink ----------

/**
 * Hands each flow its OTP as soon as the service's SMS dispatcher has written it: one poll loop over the
 * sink file for all waiting flows (every 2 ms while any waits), rather than one per flow.
 */
class OtpInbox {
  private readonly tail: SmsSinkTail;
  private readonly waiting = new Map<
    string,
    { resolve: (otp: string) => void; reject: (e: Error) => void }
  >();
  private pumping = false;

  constructor(sinkPath: string) {
    this.tail = new SmsSinkTail(sinkPath);
  }

  waitFor(requestId: string, timeoutMs = 60_000): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new Error(`no SMS within ${timeoutMs} ms for a request`));
      }, timeoutMs);
      this.waiting.set(requestId, {
        resolve: (otp) => {
          clearTimeout(timer);
          resolve(otp);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.size > 0) {
        await this.tail.poll();
        for (const [requestId, waiter] of this.waiting) {
          const sms = this.tail.latestFor(requestId);
          if (!sms) continue;
          this.waiting.delete(requestId);
          const otp = otpInSmsText(sms.text);
          if (otp === undefined) waiter.reject(new Error('an SMS carries no code'));
          else waiter.resolve(otp);
        }
        if (this.waiting.size > 0) await sleep(2);
      }
    } catch (error) {
      for (const waiter of this.waiting.values()) waiter.reject(error as Error);
      this.waiting.clear();
    } finally {
      this.pumping = false;
    }
  }
}

// ---------- what a phase used ----------

const CLOCK_TICKS_PER_SECOND = 100;

/** User plus system CPU of a process, in ms, from /proc/<pid>/stat. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime field 14, stime field 15 (proc(5)).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Busy and total CPU time of the whole machine, in ms, from /proc/stat. */
function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return {
    busy: ((total - idle) * 1000) / CLOCK_TICKS_PER_SECOND,
    total: (total * 1000) / CLOCK_TICKS_PER_SECOND,
  };
}

function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

interface PhaseUsage {
  readonly seconds: number;
  readonly rssMaxMb: number;
  readonly rssEndMb: number;
  /** CPU cores' worth used over the phase (1.0 = one core busy all along). */
  readonly serviceCores: number;
  readonly generatorCores: number;
  /** The PostgreSQL backends serving this run's database (the server's shared processes not included). */
  readonly postgresCores: number;
  readonly machineCores: number;
  readonly serviceCpuMs: number;
  readonly generatorCpuMs: number;
  readonly postgresCpuMs: number;
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
  private oldestWriterElsewhere = 0;
  private sampling: Promise<void> | undefined;

  constructor(
    private readonly service: ServiceProcess,
    private readonly db: PgDatabase,
  ) {}

  sample(): Promise<void> {
    this.rss.push(rssMb(this.service.pid));
    this.sampling ??= this.sampleServer().finally(() => {
      this.sampling = undefined;
    });
    return this.sampling;
  }

  /** What the samples found; the backends' CPU is what each used while it was seen. */
  async result(): Promise<{ rssMaxMb: number; rssEndMb: number; postgresCpuMs: number; oldest: number }> {
    await this.sample();
    let postgresCpuMs = 0;
    for (const backend of this.backends.values()) postgresCpuMs += backend.last - backend.first;
    return {
      rssMaxMb: Math.max(...this.rss),
      rssEndMb: this.rss[this.rss.length - 1] ?? Number.NaN,
      postgresCpuMs,
      oldest: this.oldestWriterElsewhere,
    };
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
      serviceCores: serviceCpuMs / 1000 / seconds,
      generatorCores: generatorCpuMs / 1000 / seconds,
      postgresCores: sampled.postgresCpuMs / 1000 / seconds,
      machineCores: (machineAfter.busy - machine.busy) / 1000 / seconds,
      database: {
        commits: after.commits - counters.commits,
        inserted: after.inserted - counters.inserted,
        updated: after.updated - counters.updated,
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
  readonly signatures: SignatureAuthority;
  /** Every account connected so far: the readers of phase 2 read them. */
  readonly connected: Iin[];
}

type Channel = 'egov-mobile' | 'portal';

/** A whole flow (R6 or R5): request the code, read it from the SMS, confirm with the channel's factor. */
async function runFlow(world: FlowWorld, channel: Channel, iin: Iin, samples: FlowSample[]): Promise<void> {
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
    channel === 'portal'
      ? { signature: await world.signatures.sign(iin, String(created.dataToSign)) }
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
  readonly workers: number;
  readonly loop: ClosedLoopResult;
  /** Flows completed over the whole run, warm-up included (the database counters cover it all). */
  readonly allFlows: number;
  readonly create: { p50: number; p99: number };
  readonly confirm: { p50: number; p99: number };
  readonly smsP50: number;
  readonly smsP99: number;
  readonly factorMeanMs: number;
  readonly usage: PhaseUsage;
  readonly lagMaxSeconds?: Readonly<Record<string, number>>;
}

async function flowPhase(
  world: FlowWorld,
  service: ServiceProcess,
  db: PgDatabase,
  channel: Channel,
  workers: number,
  citizenFor: () => Iin,
  watchLag: boolean,
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
  const started = performance.now();
  const { value: loop, usage } = await measured(
    service,
    db,
    () =>
      runClosedLoop(
        { workers, warmUpMs: FLOW_WARM_UP_MS, durationMs: FLOW_DURATION_MS },
        () => () => runFlow(world, channel, citizenFor(), samples),
      ),
    watchLag ? sampleLag : undefined,
  );
  // The commands of the flows counted by the closed loop: begun and ended inside its window.
  const windowStart = started + FLOW_WARM_UP_MS;
  const windowEnd = windowStart + FLOW_DURATION_MS;
  const counted = samples.filter((s) => s.began >= windowStart && s.ended <= windowEnd);
  const of = (pick: (s: FlowSample) => number) => Float64Array.from(counted, pick);
  const creates = of((s) => s.createMs);
  const confirms = of((s) => s.confirmMs);
  const sms = of((s) => s.smsMs);
  return {
    channel,
    workers,
    loop,
    allFlows: samples.length,
    create: { p50: percentile(creates, 50), p99: percentile(creates, 99) },
    confirm: { p50: percentile(confirms, 50), p99: percentile(confirms, 99) },
    smsP50: percentile(sms, 50),
    smsP99: percentile(sms, 99),
    factorMeanMs: counted.reduce((sum, s) => sum + s.factorMs, 0) / counted.length,
    usage,
    ...(watchLag ? { lagMaxSeconds: lag } : {}),
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
    f.channel,
    f.workers,
    f.loop.perSecond,
    2 * f.loop.perSecond,
    f.create.p50,
    f.create.p99,
    f.confirm.p50,
    f.confirm.p99,
    f.smsP50,
    f.smsP99,
    f.loop.p50Ms,
    f.loop.p99Ms,
    f.factorMeanMs,
  ]);
}

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
      u.generatorCores,
      u.machineCores - u.serviceCores - u.postgresCores - u.generatorCores,
      per(u.serviceCpuMs),
      per(u.postgresCpuMs),
      per(u.generatorCpuMs),
      per(u.database.commits),
      per(u.database.inserted),
      u.oldestWriterElsewhereSeconds,
    ];
  });
}

const USAGE_HEADERS = [
  'phase',
  'RSS max MB',
  'cores: service',
  'pg (this db)',
  'generator',
  'rest of machine',
  'CPU ms/op: service',
  'pg',
  'generator',
  'commits/op',
  'rows ins/op',
  'oldest writer elsewhere s',
] as const;
const USAGE_DIGITS = [0, 0, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1];

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

/** 1 and 4: the flows of each level over eGov mobile, the lag watched at one level, then the portal. */
async function runFlows(run: Running): Promise<FlowFigures[]> {
  const { service, observer, world, citizens } = run;
  const flows: FlowFigures[] = [];
  for (const workers of FLOW_LEVELS) {
    console.log(`  running egov-mobile x${workers}`);
    const figures = await flowPhase(
      world,
      service,
      observer,
      'egov-mobile',
      workers,
      () => citizens.take(),
      workers === LAG_LEVEL,
    );
    flows.push(figures);
    console.log(
      `    ${figures.loop.perSecond.toFixed(0)} flows/s, flow p99 ${figures.loop.p99Ms.toFixed(1)} ms`,
    );
  }
  if (!RUN_PORTAL) return flows;
  // Certificates for a few more portal flows than the mobile channel managed at this level.
  const mobileRate = flows.find((f) => f.workers === PORTAL_LEVEL)?.loop.perSecond ?? 100;
  const certificates = Math.ceil(mobileRate * ((FLOW_WARM_UP_MS + FLOW_DURATION_MS) / 1000) * 1.2) + 200;
  const issueBegan = performance.now();
  const portalIins: Iin[] = [];
  for (let i = 0; i < certificates; i++) {
    const iin = citizens.take();
    await world.signatures.issue(iin);
    portalIins.push(iin);
  }
  const issueMs = (performance.now() - issueBegan) / certificates;
  let next = 0;
  console.log(
    `  running portal x${PORTAL_LEVEL} (${certificates} certificates issued beforehand, ${issueMs.toFixed(1)} ms each)`,
  );
  const portal = await flowPhase(
    world,
    service,
    observer,
    'portal',
    PORTAL_LEVEL,
    () => {
      // Past the certificates issued beforehand, the flow issues its citizen's own (counted apart).
      return portalIins[next++] ?? citizens.take();
    },
    false,
  );
  flows.push(portal);
  console.log(
    `    ${portal.loop.perSecond.toFixed(0)} flows/s, flow p99 ${portal.loop.p99Ms.toFixed(1)} ms` +
      (world.signatures.issuedLate > 0
        ? `; ${world.signatures.issuedLate} certificates issued during flows`
        : ''),
  );
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
      links: () => readPhase(api, service, observer, workers, readLink),
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
        'channel',
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
      ],
      flowRows(flows),
      { digits: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2] },
    ),
  );
  console.log(
    'factor: minting the biometric JWS (egov-mobile) or signing dataToSign as CMS (portal) in this process, ' +
      'between the SMS and the confirm: inside the flow latency, outside both command latencies.',
  );
  console.log(
    '\n   what each flow phase used (per op = per flow, warm-up included; commits and rows: pg_stat_database)',
  );
  console.log(
    formatTable(
      [...USAGE_HEADERS],
      usageRows(
        (i) => `${flows[i]?.channel} x${flows[i]?.workers}`,
        flows.map((f) => f.usage),
        flows.map((f) => f.allFlows),
      ),
      { digits: USAGE_DIGITS },
    ),
  );
  const lags = flows.find((f) => f.lagMaxSeconds !== undefined)?.lagMaxSeconds;
  if (lags === undefined) {
    console.log(`\n4. projection lag: not measured (egov-mobile x${LAG_LEVEL} did not run)`);
    return undefined;
  }
  const lagMax = Math.max(0, ...Object.values(lags));
  console.log(
    `\n4. projection lag while egov-mobile x${LAG_LEVEL} ran (GET /metrics every ${SAMPLE_EVERY_MS} ms, max of ` +
      `numlink_projection_lag_seconds): ${Object.entries(lags)
        .map(([name, seconds]) => `${name} ${seconds.toFixed(3)} s`)
        .join(', ')}; max ${lagMax.toFixed(3)} s`,
  );
  console.log(`   after the last flow, every projection had caught up within ${caughtUpMs.toFixed(0)} ms`);
  return lagMax;
}

function reportReads(levels: readonly ReadLevel[], flows: readonly FlowFigures[], accounts: number): void {
  console.log(
    `\n2-3. reads over the ${accounts.toLocaleString('en')} accounts connected above, against GET /health/live ` +
      `(medians of ${READ_ROUNDS} interleaved rounds; latencies in ms)`,
  );
  const perRound = (runs: readonly ReadFigures[]) => runs.map((r) => r.loop.perSecond.toFixed(0)).join(' ');
  console.log(
    formatTable(
      ['what', 'conc', 'req/s', 'p50', 'p99', 'per round req/s', 'of health/live'],
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
          ],
          [
            'GET /v1/number-links/{iin}',
            level.workers,
            links.perSecond,
            links.p50,
            links.p99,
            perRound(level.links),
            links.perSecond / health.perSecond,
          ],
        ];
      }),
      { digits: [0, 0, 0, 2, 2, 0, 2] },
    ),
  );
  for (const level of levels) {
    const flow = flows.find((f) => f.channel === 'egov-mobile' && f.workers === level.workers);
    if (flow)
      console.log(
        `   commands/s of egov-mobile x${level.workers} / health/live x${level.workers}: ` +
          `${((2 * flow.loop.perSecond) / summarise(level.health).perSecond).toFixed(3)}`,
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

function reportTargets(
  flows: readonly FlowFigures[],
  levels: readonly ReadLevel[],
  lagMax: number | undefined,
  rssMax: number,
): void {
  const mobile = flows.filter((f) => f.channel === 'egov-mobile');
  const withinLatency = mobile.filter(
    (f) => f.create.p99 < TARGET.commandP99Ms && f.confirm.p99 < TARGET.commandP99Ms,
  );
  const bestCommands = Math.max(0, ...withinLatency.map((f) => 2 * f.loop.perSecond));
  const peak = mobile.reduce<FlowFigures | undefined>(
    (best, f) => (best && best.loop.perSecond >= f.loop.perSecond ? best : f),
    undefined,
  );
  const links = levels.map((level) => ({ workers: level.workers, ...summarise(level.links) }));
  const bestLinks = Math.max(0, ...links.filter((l) => l.p99 < TARGET.linksP99Ms).map((l) => l.perSecond));
  const peakLinks = links.reduce<(typeof links)[number] | undefined>(
    (best, l) => (best && best.perSecond >= l.perSecond ? best : l),
    undefined,
  );
  const ceiling = Math.max(0, ...levels.map((level) => summarise(level.health).perSecond));
  const rows: Cell[][] = [
    [
      `commands (create, confirm) >= ${TARGET.commandsPerSecond}/s, p99 < ${TARGET.commandP99Ms} ms`,
      `${bestCommands.toFixed(0)}/s within the p99; peak ${peak ? (2 * peak.loop.perSecond).toFixed(0) : '-'}/s at x${peak?.workers} ` +
        `(p99 create ${peak?.create.p99.toFixed(1)} ms, confirm ${peak?.confirm.p99.toFixed(1)} ms)`,
      verdict(bestCommands >= TARGET.commandsPerSecond),
    ],
    [
      `  read as flows (create+confirm pairs) >= ${TARGET.commandsPerSecond}/s`,
      `${(bestCommands / 2).toFixed(0)} flows/s within the p99`,
      verdict(bestCommands / 2 >= TARGET.commandsPerSecond),
    ],
  ];
  if (levels.length > 0)
    rows.push([
      `GET /v1/number-links/{iin} >= ${TARGET.linksPerSecond}/s, p99 < ${TARGET.linksP99Ms} ms`,
      `${bestLinks.toFixed(0)}/s within the p99; peak ${peakLinks?.perSecond.toFixed(0)}/s at x${peakLinks?.workers} ` +
        `(p99 ${peakLinks?.p99.toFixed(1)} ms); health/live ceiling ${ceiling.toFixed(0)}/s`,
      verdict(bestLinks >= TARGET.linksPerSecond),
    ]);
  rows.push(
    lagMax === undefined
      ? [`projection lag under live load < ${TARGET.lagSeconds} s`, 'not measured', '-']
      : [
          `projection lag under live load < ${TARGET.lagSeconds} s`,
          `${lagMax.toFixed(3)} s max (egov-mobile x${LAG_LEVEL})`,
          verdict(lagMax < TARGET.lagSeconds),
        ],
    [
      `service RSS < ${TARGET.rssMb} MB`,
      `${rssMax.toFixed(0)} MB max (sampled every ${SAMPLE_EVERY_MS} ms)`,
      verdict(rssMax < TARGET.rssMb),
    ],
  );
  console.log('\nSPEC §7 targets (2-core machine; PostgreSQL, the service and this generator all on it)');
  console.log(formatTable(['target', 'figure', 'verdict'], rows));
}

async function main(): Promise<void> {
  const serverUrl = benchDatabaseUrl();
  const database = await createBenchDatabase(serverUrl);
  const dir = mkdtempSync(path.join(tmpdir(), 'numlink-bench-api-'));
  let service: ServiceProcess | undefined;
  let api: ApiClient | undefined;
  let observer: PgDatabase | undefined;
  try {
    observer = await PgDatabase.connect({ connectionString: database.url, maxConnections: 1 });
    console.log((await describeMachine(observer)).join('\n'));

    const setupBegan = performance.now();
    const iins = generateIins(CITIZENS);
    const identityFile = path.join(dir, 'identity-registry.json');
    writeFileSync(
      identityFile,
      JSON.stringify({ persons: iins.map((iin) => ({ iin, status: 'active', documentsValid: true })) }),
    );
    const biometrics = await BiometricProvider.create(path.join(dir, 'biometric-jwks.json'));
    const signatures = await SignatureAuthority.create(path.join(dir, 'trust-anchors.pem'));
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
    });
    api = new ApiClient(port);
    await service.waitUntilLive(api, 60_000);
    const setupSeconds = (performance.now() - setupBegan) / 1000;
    const idleRss = rssMb(service.pid);
    const others = await otherLoad(2_000);
    console.log(
      `service: node ${SERVICE_NODE_ARGS.join(' ') || '(no extra flags)'} dist/src/main.js, pid ${service.pid}; ` +
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
    const caughtUpBegan = performance.now();
    await projectionsCaughtUp(api, 60_000);
    const caughtUpMs = performance.now() - caughtUpBegan;
    const levels = RUN_READS ? await runReads(run) : [];

    const lagMax = reportFlows(flows, caughtUpMs);
    if (levels.length > 0) reportReads(levels, flows, world.connected.length);
    const rssMax = Math.max(
      idleRss,
      ...flows.map((f) => f.usage.rssMaxMb),
      ...levels.flatMap((level) => [...level.health, ...level.links].map((r) => r.usage.rssMaxMb)),
    );
    reportTargets(flows, levels, lagMax, rssMax);
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
