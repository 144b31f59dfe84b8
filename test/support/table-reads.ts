import type { PgDatabase } from '../../src/infrastructure/sql/pg-database';
import { sleep } from './events';

/**
 * Rows of a table read by sequential and index scans so far, in the admin pool's current schema (as
 * flushed by the backends that ended: see `closeAndFlush`).
 */
export async function rowsReadFrom(admin: PgDatabase, table: string): Promise<number> {
  const [row] = await admin.query<{ rows: string }>(
    `SELECT (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::text AS rows
       FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = $1`,
    [table],
  );
  return Number(row?.rows ?? 0);
}

/** Closing the pool ends its backends, and a backend flushes its table statistics as it ends. */
export async function closeAndFlush(
  db: PgDatabase,
  admin: PgDatabase,
  applicationName: string,
): Promise<void> {
  await db.close();
  for (let waited = 0; waited < 30_000; waited += 20) {
    const [row] = await admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    if (row?.n === 0) return;
    await sleep(20);
  }
  throw new Error(`the backends of ${applicationName} did not end`);
}
