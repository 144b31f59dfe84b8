import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../src/infrastructure/config/config';
import { buildRuntime } from '../../../src/infrastructure/runtime/runtime';
import { PgliteDatabase } from '../../../src/infrastructure/sql/pglite-database';
import type { SqlExecutor } from '../../../src/infrastructure/sql/sql-database';
import { scratchDirectory } from '../../support/scratch';

async function setting(db: SqlExecutor, name: string): Promise<string | undefined> {
  const [row] = await db.query<{ value: string }>(`SELECT current_setting($1) AS value`, [name]);
  return row?.value;
}

// Issue 11 item 8: the embedded default under 300 MB; the figures are printed by `npm run bench:memory`.
describe('the embedded PostgreSQL (PGlite) sized for the 300 MB budget', () => {
  let dir: string;
  beforeEach(() => {
    dir = scratchDirectory('numlink-pglite-memory-');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds 16 MB of shared buffers by default, not PGlite own 128 MB, and WAL buffers follow', async () => {
    const db = await PgliteDatabase.open();
    try {
      expect(await setting(db, 'shared_buffers')).toBe('16MB');
      expect(await setting(db, 'wal_buffers')).toBe('512kB');
    } finally {
      await db.close();
    }
  });

  it('runs the service with the shared buffers NUMLINK_PGLITE_SHARED_BUFFERS_MB sets', async () => {
    const config = loadConfig({
      NUMLINK_DATA_DIR: dir,
      NUMLINK_PGLITE_SHARED_BUFFERS_MB: '24',
      NUMLINK_LOG_LEVEL: 'silent',
    });
    const runtime = await buildRuntime(config);
    try {
      expect(runtime.db.driver).toBe('pglite');
      expect(await setting(runtime.db, 'shared_buffers')).toBe('24MB');
      expect(await setting(runtime.db, 'wal_buffers')).toBe('768kB');
    } finally {
      await runtime.close();
    }
  });

  it('keeps what was written in a fresh data directory, initialised by a child process, across a reopen', async () => {
    const dataDir = path.join(dir, 'pglite');
    const first = await PgliteDatabase.open(dataDir, { sharedBuffersMb: 8, optimisingCompiler: false });
    try {
      expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
      expect(await setting(first, 'shared_buffers')).toBe('8MB');
      await first.exec(
        `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('written before the reopen')`,
      );
    } finally {
      await first.close();
    }
    const second = await PgliteDatabase.open(dataDir);
    try {
      expect(await second.query(`SELECT note FROM kept`)).toEqual([{ note: 'written before the reopen' }]);
      expect(await setting(second, 'shared_buffers')).toBe('16MB');
    } finally {
      await second.close();
    }
  });
});
