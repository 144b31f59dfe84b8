/**
 * `npm run bench:memory` (issue 11, item 8): the embedded default's memory and CPU, idle and under load.
 * Prints figures; asserts nothing (a failed flow fails the run).
 *
 * The service runs as `npm start` runs it (`node --max-old-space-size=160 dist/src/main.js`) as a child
 * process, with no database configured (PGlite under a fresh data directory, the SMS sink file), once per
 * variant of its PGlite settings. For each: RSS (VmRSS) right after start, over an idle minute, under
 * closed loops of eGov mobile flows (create, OTP from the SMS sink, confirm with a biometric token) and
 * idle again after them; CPU (utime + stime) over each window. Same-run baselines: a bare `node` process
 * and a bare `await PGlite.create()` in memory.
 *
 * Knobs: NUMLINK_BENCH_IDLE_SECONDS (60), NUMLINK_BENCH_SECONDS (30), NUMLINK_BENCH_CLIENTS (16),
 * NUMLINK_BENCH_VARIANTS (`numlink,pglite-defaults`), NUMLINK_BENCH_SERVICE_NODE_ARGS (more node flags),
 * NUMLINK_BENCH_SERVICE_MAIN (another build's `dist/src/main.js`, to compare two commits).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Iin } from '../src/domain/shared/iin';
import { runClosedLoop, type ClosedLoopResult } from './support/closed-loop';
import { BiometricProvider, BIOMETRIC_ISSUER, freePort, generateIins } from './support/bench-citizens';
import { ApiClient, expectAnswer } from './support/api-client';
import { OtpInbox } from './support/otp-inbox';
import { formatTable, type Cell } from './support/format-table';
import { loadAverage, rssMb } from './support/proc-usage';
import { sampleWhile, type WindowUsage } from './support/sample-while';
import { npmStartFlags, serviceMain } from './support/start-flags';

const IDLE_MS = Number(process.env.NUMLINK_BENCH_IDLE_SECONDS ?? '60') * 1_000;
const LOAD_MS = Number(process.env.NUMLINK_BENCH_SECONDS ?? '30') * 1_000;
const AFTER_LOAD_IDLE_MS = Math.min(IDLE_MS, 20_000);
const CLIENTS = Number(process.env.NUMLINK_BENCH_CLIENTS ?? '16');
const SAMPLE_EVERY_MS = 250;
const MOBILE_KEY = 'dev-mobile-key';
const CONSENT = { given: true, textVersion: 'consent-2024-03' } as const;
/** How `npm start` runs the service, and extra node flags to try (NUMLINK_BENCH_SERVICE_NODE_ARGS). */
const START_FLAGS = [
  ...npmStartFlags(),
  ...(process.env.NUMLINK_BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean),
];
const TARGET_RSS_MB = 300;

interface Variant {
  readonly env: Readonly<Record<string, string>>;
  readonly nodeFlags: readonly string[];
}

/** The settings compared in one run: numlink's sizing, and PGlite's own defaults. */
const VARIANTS: Readonly<Record<string, Variant>> = {
  numlink: { env: {}, nodeFlags: [] },
  'pglite-defaults': {
    env: { NUMLINK_PGLITE_SHARED_BUFFERS_MB: '128', NUMLINK_PGLITE_OPTIMISING_COMPILER: 'on' },
    nodeFlags: [],
  },
  'optimising-compiler': { env: { NUMLINK_PGLITE_OPTIMISING_COMPILER: 'on' }, nodeFlags: [] },
};

// ---------- citizens and their biometric tokens ----------

// ---------- processes ----------

function inheritedEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NUMLINK_')));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timeout = sleep(15_000).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** RSS of a `node -e` script a few seconds after it printed `ready`. */
async function baselineRss(script: string): Promise<number> {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the baseline exited with ${code}`)));
    });
    await sleep(3_000);
    return rssMb(child.pid as number);
  } finally {
    await stopChild(child);
  }
}

// ---------- HTTP ----------

// ---------- one variant ----------

interface VariantFigures {
  readonly name: string;
  readonly startSeconds: number;
  readonly rssAtStartMb: number;
  readonly idle: WindowUsage;
  readonly loaded: WindowUsage;
  readonly flows: ClosedLoopResult;
  readonly afterLoad: WindowUsage;
  readonly loadDuring: string;
}

async function measureVariant(name: string, variant: Variant, iins: readonly Iin[]): Promise<VariantFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'numlink-bench-memory-'));
  const biometrics = await BiometricProvider.create(path.join(dir, 'biometric-jwks.json'));
  const identityFile = path.join(dir, 'identity-registry.json');
  writeFileSync(
    identityFile,
    JSON.stringify({ persons: iins.map((iin) => ({ iin, status: 'active', documentsValid: true })) }),
  );
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const began = performance.now();
  const main = serviceMain();
  const child = spawn(process.execPath, [...START_FLAGS, ...variant.nodeFlags, main], {
    env: {
      ...inheritedEnv(),
      NUMLINK_PORT: String(port),
      NUMLINK_DATA_DIR: dataDir,
      NUMLINK_LOG_LEVEL: 'warn',
      NUMLINK_IDENTITY_REGISTRY_FILE: identityFile,
      NUMLINK_BIOMETRIC_JWKS: path.join(dir, 'biometric-jwks.json'),
      NUMLINK_BIOMETRIC_ISSUER: BIOMETRIC_ISSUER,
      NUMLINK_OTP_MAX_SENDS_PER_PHONE_PER_HOUR: '10000',
      NUMLINK_MAX_REQUESTS_PER_IIN_PER_DAY: '100000',
      ...variant.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const api = new ApiClient(port);
  try {
    const pid = child.pid as number;
    await waitUntilLive(api, child);
    const startSeconds = (performance.now() - began) / 1000;
    const rssAtStartMb = rssMb(pid);
    const idle = (await sampleWhile(pid, SAMPLE_EVERY_MS, () => sleep(IDLE_MS))).usage;
    const inbox = new OtpInbox(path.join(dataDir, 'sms.jsonl'));
    let next = 0;
    let phone = Math.floor(Math.random() * 5_000_000);
    const flow = async () => {
      const iin = iins[next++];
      if (iin === undefined) throw new Error('all citizens used: raise the identity file');
      const created = expectAnswer(
        await api.call('POST', '/v1/number-requests', MOBILE_KEY, {
          iin,
          phone: `+7701${String(phone++ % 10_000_000).padStart(7, '0')}`,
          purpose: 'connect',
          consent: CONSENT,
        }),
        201,
        'create request',
      );
      const requestId = String(created.requestId);
      const otp = await inbox.waitFor(requestId);
      const biometricToken = await biometrics.mint(iin, requestId);
      const confirmed = expectAnswer(
        await api.call('POST', `/v1/number-requests/${requestId}/confirmation`, MOBILE_KEY, {
          otp,
          biometricToken,
        }),
        200,
        'confirm',
      );
      if (confirmed.status !== 'connected') throw new Error('confirm: the number was not connected');
    };
    const loaded = await sampleWhile(pid, SAMPLE_EVERY_MS, () =>
      runClosedLoop({ workers: CLIENTS, warmUpMs: 0, durationMs: LOAD_MS }, () => flow),
    );
    inbox.close();
    const loadDuring = loadAverage();
    const afterLoad = (await sampleWhile(pid, SAMPLE_EVERY_MS, () => sleep(AFTER_LOAD_IDLE_MS))).usage;
    return {
      name,
      startSeconds,
      rssAtStartMb,
      idle,
      loaded: loaded.usage,
      flows: loaded.value,
      afterLoad,
      loadDuring,
    };
  } finally {
    api.close();
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitUntilLive(api: ApiClient, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      if ((await api.call('GET', '/health/live')).status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error('the service did not start within 120 s');
    await sleep(100);
  }
}

// ---------- the report ----------

function mb(value: number): string {
  return `${value.toFixed(0)} MB`;
}

function percentOfCore(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

async function main(): Promise<void> {
  const chosen = (process.env.NUMLINK_BENCH_VARIANTS ?? Object.keys(VARIANTS).join(',')).split(',');
  console.log(`load average before: ${loadAverage()}`);
  const pglite = require.resolve('@electric-sql/pglite');
  const bareNode = await baselineRss(`console.log('ready'); setInterval(() => {}, 1e6);`);
  const barePglite = await baselineRss(
    `require(${JSON.stringify(pglite)}).PGlite.create().then(() => console.log('ready')); setInterval(() => {}, 1e6);`,
  );
  console.log(
    `baselines (same run, RSS 3 s after ready): bare node ${mb(bareNode)}; bare \`await PGlite.create()\` ` +
      `(in memory, PGlite's defaults) ${mb(barePglite)}`,
  );
  // Enough citizens for every flow of every variant at a generous rate.
  const iins = generateIins(Math.ceil(LOAD_MS / 1000) * 1_000);
  const figures: VariantFigures[] = [];
  for (const name of chosen) {
    const variant = VARIANTS[name];
    if (variant === undefined) throw new Error(`no variant ${name}: ${Object.keys(VARIANTS).join(', ')}`);
    const settings = [...Object.entries(variant.env).map(([k, v]) => `${k}=${v}`), ...variant.nodeFlags];
    console.log(`${name}: ${settings.join(' ') || '(as npm start)'}`);
    figures.push(await measureVariant(name, variant, iins));
    console.log(`  done; load average ${loadAverage()}`);
  }
  const rows: Cell[][] = figures.map((f) => [
    f.name,
    `${f.startSeconds.toFixed(1)} s`,
    mb(f.rssAtStartMb),
    `${mb(f.idle.rssMedianMb)} / ${mb(f.idle.rssEndMb)}`,
    percentOfCore(f.idle.cores),
    `${mb(f.loaded.rssMedianMb)} / ${mb(f.loaded.rssMaxMb)}`,
    percentOfCore(f.loaded.cores),
    `${f.flows.perSecond.toFixed(1)} (${f.flows.operations})`,
    (f.loaded.cores * f.loaded.seconds * 1000) / Math.max(1, f.flows.operations),
    `${f.flows.p50Ms.toFixed(0)} / ${f.flows.p99Ms.toFixed(0)}`,
    `${mb(f.afterLoad.rssMedianMb)} / ${mb(f.afterLoad.rssMaxMb)}`,
    percentOfCore(f.afterLoad.cores),
    f.loadDuring,
  ]);
  console.log(
    `\nembedded default (PGlite + SMS sink file), ${START_FLAGS.join(' ')}; idle ${IDLE_MS / 1000} s, ` +
      `load ${LOAD_MS / 1000} s of eGov mobile flows at ${CLIENTS} clients, idle ${AFTER_LOAD_IDLE_MS / 1000} s after; ` +
      `target RSS < ${TARGET_RSS_MB} MB, idle CPU < 1% of a core`,
  );
  console.log(
    formatTable(
      [
        'variant',
        'start',
        'RSS at start',
        'idle RSS median / end',
        'idle CPU',
        'load RSS median / max',
        'load CPU',
        'flows/s (n)',
        'service CPU ms / flow',
        'flow p50 / p99 ms',
        'after-load RSS median / max',
        'after-load CPU',
        'loadavg',
      ],
      rows,
    ),
  );
  const [first, second] = figures;
  if (first && second) {
    console.log(
      `flows/s ${first.name} / ${second.name}: ${(first.flows.perSecond / second.flows.perSecond).toFixed(2)}; ` +
        `load RSS max ${first.name} / ${second.name}: ${(first.loaded.rssMaxMb / second.loaded.rssMaxMb).toFixed(2)}`,
    );
  }
  console.log(`load average after: ${loadAverage()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
