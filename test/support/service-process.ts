import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';
import { scratchDirectory } from './scratch';

/** The built service (`npm run build`; `npm ci` builds it through `prepare`). */
export const SERVICE_MAIN = path.join(__dirname, '../../dist/src/main.js');

/** Whether the built service exists; says why a test cannot run when it does not (fails under CI). */
export function serviceBuilt(): boolean {
  if (existsSync(SERVICE_MAIN)) return true;
  if (process.env.CI === 'true') throw new Error(`${SERVICE_MAIN} is not built (npm run build)`);
  console.warn(`not run: ${SERVICE_MAIN} is not built (npm run build)`);
  return false;
}

const serverUrl = process.env.NUMLINK_TEST_DATABASE_URL;

/**
 * The PostgreSQL server the service processes run on (the embedded PGlite takes a minute to start on
 * a busy machine); says why a test cannot run without one (fails under CI).
 */
export function serverForProcesses(): boolean {
  if (serverUrl) return true;
  if (process.env.CI === 'true') throw new Error('CI=true but NUMLINK_TEST_DATABASE_URL is not set');
  console.warn('service process tests not run: NUMLINK_TEST_DATABASE_URL is not set');
  return false;
}

const schemas: string[] = [];

/** A fresh schema on the test server, as a URL the service can be given (dropped by `dropSchemas`). */
export async function freshDatabaseUrl(): Promise<string> {
  const schema = `svc_${process.pid}_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(serverUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Drops the schemas this file made, once its service processes have exited. */
export async function dropSchemas(): Promise<void> {
  if (!serverUrl || schemas.length === 0) return;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export type LogLine = Record<string, unknown> & { msg?: string };

/** The service in a process of its own, its JSON log lines read as they come. */
export class ServiceProcess {
  readonly lines: LogLine[] = [];
  readonly nonJson: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private waiters: Array<() => void> = [];

  private constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [SERVICE_MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        NUMLINK_DATA_DIR: scratchDirectory('numlink-process-'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete.filter(Boolean)) {
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          this.nonJson.push(line);
        }
      }
      this.notify();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    // 'close', not 'exit': only then has all the child wrote to stdout been read (a busy machine lags).
    this.exited = new Promise((resolve) =>
      this.child.once('close', (code) => {
        this.notify();
        resolve(code);
      }),
    );
  }

  static start(env: Record<string, string>): ServiceProcess {
    return new ServiceProcess(env);
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** Resolves with the first log line that matches (polling on each new line; no fixed sleeps). */
  async waitForLine(matches: (line: LogLine) => boolean, timeoutMs = 60_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(matches);
      if (found) return found;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `no such log line (exit ${String(this.child.exitCode)}):\n${this.lines.map((l) => JSON.stringify(l)).join('\n')}\n${this.stderr}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
