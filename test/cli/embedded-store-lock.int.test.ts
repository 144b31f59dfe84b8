import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { run } from '../../src/cli/numlink';
import { EXIT_IN_USE } from '../../src/cli/commands/cli-io';
import { DataDirInUseError } from '../../src/infrastructure/sql/data-dir-lock';
import { PgliteDatabase } from '../../src/infrastructure/sql/pglite-database';
import { spawnTs } from '../support/ts-child-process';
import { scratchDirectory } from '../support/scratch';

/** The CLI on the embedded store, run in this process with only NUMLINK_DATA_DIR set (no database given). */
async function cli(dataDir: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { NUMLINK_DATA_DIR: dataDir },
    user: 'operator-olga',
  });
  return { code, stdout, stderr };
}

/** Another process holding the store, as the running service does; resolves once it holds it. */
async function holder(dataDir: string): Promise<ChildProcess> {
  const child = spawnTs('test/support/hold-embedded-store.ts', [path.join(dataDir, 'pglite')]);
  let out = '';
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('holding')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the holder exited with ${code}: ${err}`)));
  });
  return child;
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

// Each test opens a PGlite store on disk, which takes long on a busy machine: one store for the file.
jest.setTimeout(300_000);

describe('the embedded store is one process at a time (a second writer would split it)', () => {
  const dataDir = scratchDirectory('numlink-lock-');
  const lockFile = path.join(dataDir, 'pglite.lock');
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  });

  it('every command refuses with exit 3 while another process holds the store, saying what to do', async () => {
    child = await holder(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: child.pid });
    for (const argv of [
      ['audit', 'verify'],
      ['audit', 'export', '--iin', '900101300017'],
      ['projections', 'list'],
      ['projections', 'rebuild', '--check'],
      ['replay', '--iin', '900101300017', '--as-of', '2026-01-05T10:00:00Z'],
    ]) {
      const result = await cli(dataDir, ...argv);
      expect({ argv, code: result.code, stdout: result.stdout }).toEqual({
        argv,
        code: EXIT_IN_USE,
        stdout: '',
      });
      expect(result.stderr).toContain(`the embedded store is in use by process ${child.pid}`);
      expect(result.stderr).toContain('stop the service');
      expect(result.stderr).toContain('GET /v1/audit/verification');
    }
  });

  it('works once the holder is gone, even killed without releasing (its stale lock is taken over)', async () => {
    child ??= await holder(dataDir);
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(lockFile)).toBe(true);

    const result = await cli(dataDir, 'replay', '--iin', '900101300017', '--as-of', '2026-01-05T10:00:00Z');
    // Nothing to replay in a new store (exit 1), but it ran: its read is recorded, and kept.
    expect(result.code).toBe(1);
    expect(existsSync(lockFile)).toBe(false);
    const db = await PgliteDatabase.open(path.join(dataDir, 'pglite'));
    try {
      const reads = await db.query<{ type: string }>(
        `SELECT type FROM events WHERE stream_id = 'data-access-cli:operator-olga'`,
      );
      expect(reads).toEqual([{ type: 'PersonalDataRead' }]);
      // While this process holds it, the service (or a CLI) cannot open it either.
      await expect(PgliteDatabase.open(path.join(dataDir, 'pglite'))).rejects.toBeInstanceOf(
        DataDirInUseError,
      );
    } finally {
      await db.close();
    }
    expect(existsSync(lockFile)).toBe(false);
  });
});
