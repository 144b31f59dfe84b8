import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** A data directory PGlite has initialised holds this file. */
export function isInitialised(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'PG_VERSION'));
}

/**
 * Runs initdb for a fresh data directory in a short-lived child process. In the service's own process,
 * initdb leaves two more WebAssembly instances (about 350 MB) for the garbage collector, which frees them
 * late or never: the service would start at twice its size on its first run.
 */
export async function initialiseInChildProcess(
  dataDir: string,
  startParams: readonly string[],
): Promise<void> {
  const pglite = require.resolve('@electric-sql/pglite');
  const script =
    `const [pglite, dir, params] = JSON.parse(process.argv[1]);` +
    `require(pglite).PGlite.create(dir, { startParams: params }).then((db) => db.close())` +
    `.catch((error) => { console.error(error); process.exitCode = 1; });`;
  const child = spawn(process.execPath, ['-e', script, JSON.stringify([pglite, dataDir, startParams])], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`initialising the PGlite data directory failed (exit ${code}): ${stderr}`);
}
