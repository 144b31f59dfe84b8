import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL cluster of a test's own, which it may stop hard and start again. */
export interface PrivateCluster {
  readonly url: string;
  /** `pg_ctl stop -m immediate`: the server dies as in a crash (recovery from WAL at the next start). */
  stopImmediately(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
}

/** Where `initdb` and `pg_ctl` are, or why they cannot be used. */
export function postgresBinaries(): { dir: string } | { missing: string } {
  let dir: string;
  try {
    dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    return { missing: 'pg_config is not on the PATH' };
  }
  for (const tool of ['initdb', 'pg_ctl']) {
    if (!existsSync(path.join(dir, tool))) return { missing: `${tool} is not in ${dir}` };
  }
  return { dir };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * `initdb` and `pg_ctl` under a fresh temporary directory, on a free port of 127.0.0.1, as an
 * unprivileged user (PostgreSQL refuses to run as root: as root it runs as `nobody`).
 */
export async function startPrivateCluster(binDir: string): Promise<PrivateCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'numlink-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const tool = (name: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'nobody', '--', path.join(binDir, name), ...args], { cwd: dir })
      : run(path.join(binDir, name), args, { cwd: dir });
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=80 -c shared_buffers=16MB`;
  const start = async () => {
    await tool('pg_ctl', [
      'start',
      '-D',
      data,
      '-w',
      '-t',
      '120',
      '-l',
      path.join(dir, 'server.log'),
      '-o',
      options,
    ]);
  };
  const stop = async (mode: 'immediate' | 'fast') => {
    await tool('pg_ctl', ['stop', '-D', data, '-m', mode, '-w', '-t', '60']);
  };
  try {
    await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stopImmediately: () => stop('immediate'),
    start,
    destroy: async () => {
      await stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
