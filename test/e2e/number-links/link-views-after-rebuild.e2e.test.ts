import { rmSync } from 'node:fs';
import { run } from '../../../src/cli/numlink';
import { PgDatabase } from '../../../src/infrastructure/sql/pg-database';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { sleep } from '../../support/events';
import { useWorld } from '../../support/e2e-world';
import { pgliteKind, postgresKind } from '../../support/test-databases';
import { scratchDirectory } from '../../support/scratch';

/** How long a swap's notice may take to reach the service on a busy machine. */
const NOTICE_WITHIN_MS = 10_000;

/**
 * Issue 11 item 7 and `numlink projections rebuild`: the rebuild repairs number-link rows no event
 * changed, from another process, while the service runs and answers reads from memory. Only a server
 * has two processes on one store (the embedded store allows one: its own rebuild stops the projection).
 */
(postgresKind ? describe : describe.skip)(
  'number links read from memory, after a rebuild in another process',
  () => {
    const world = useWorld({ kind: postgresKind ?? pgliteKind });

    it('answers the rebuilt view, not the one it read before the swap', async () => {
      const w = world();
      const iin = w.citizen();
      const phone = w.phone();
      await w.connect({ iin, phone });
      await w.settled();
      // Given a view damaged in the table (as a projection's bug would leave it) and read into memory
      await w.db.query(`UPDATE number_links SET phone = '+77019999999' WHERE iin = $1`, [iin]);
      w.app.runtime.linkViews.invalidate([iin], []);
      expect((await w.link(iin)).body.phone).toBe('+77019999999');
      const hits = w.app.runtime.linkViews.stats.hits;
      expect((await w.link(iin)).body.phone).toBe('+77019999999');
      expect(w.app.runtime.linkViews.stats.hits).toBe(hits + 1);

      // When an operator rebuilds the view from another process, which swaps the repaired rows in
      const rebuilt = await rebuildFromAnotherProcess(w.db);
      expect(rebuilt.code).toBe(0);
      expect(rebuilt.stdout).toContain('differed from the live rows: swapped in');

      // Then the service answers the repaired view, and keeps it in memory again
      const deadline = Date.now() + NOTICE_WITHIN_MS;
      let answered = (await w.link(iin)).body.phone;
      while (answered !== phone && Date.now() < deadline) {
        await sleep(50);
        answered = (await w.link(iin)).body.phone;
      }
      expect(answered).toBe(phone);
      const settledHits = w.app.runtime.linkViews.stats.hits;
      expect((await w.link(iin)).body.phone).toBe(phone);
      expect(w.app.runtime.linkViews.stats.hits).toBe(settledHits + 1);
    });
  },
);

/** `numlink projections rebuild number_links` over connections of its own to the service's schema. */
async function rebuildFromAnotherProcess(serviceDb: SqlDatabase): Promise<{ code: number; stdout: string }> {
  const [where] = await serviceDb.query<{ schema: string }>('SELECT current_schema() AS schema');
  const db = await PgDatabase.connect({
    connectionString: process.env.NUMLINK_TEST_DATABASE_URL!,
    schema: where!.schema,
    maxConnections: 4,
  });
  const dataDir = scratchDirectory('numlink-rebuild-');
  try {
    let stdout = '';
    const code = await run(['projections', 'rebuild', 'number_links'], {
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      env: { NUMLINK_DATA_DIR: dataDir },
      db,
      user: 'operator-olga',
    });
    return { code, stdout };
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
