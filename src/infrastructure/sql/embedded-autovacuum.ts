import type { SqlDatabase } from './sql-database';

/** What one round did to a table (for the log and the tests). */
export interface TableMaintenance {
  readonly table: string;
  readonly done: 'vacuum_analyze' | 'analyze';
}

interface TableActivity {
  readonly table: string;
  readonly dead: string;
  readonly modified: string;
  readonly tuples: string;
}

// PostgreSQL's own defaults (autovacuum_vacuum_threshold and _scale_factor, the same for analyze).
const VACUUM_THRESHOLD = 50;
const VACUUM_SCALE = 0.2;
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE = 0.1;

/**
 * PGlite runs SQL on the service's own thread: a VACUUM stalls every request while it reads the table,
 * so only tables up to this size are vacuumed here (ANALYZE reads a sample of at most 30,000 rows).
 */
const MAX_VACUUM_ROWS = 100_000;

/**
 * PGlite runs PostgreSQL in this process without its background workers: no autovacuum. Left alone,
 * its tables are never analyzed (the planner knows their size and nothing else) nor vacuumed (the
 * dead rows of updated projections, checkpoints and rate-limit windows stay). One round does what
 * autovacuum would have found due, by autovacuum's default thresholds, one table at a time: each
 * statement holds the single connection, and the service's thread, while it runs. Tables over
 * `MAX_VACUUM_ROWS` are analyzed but not vacuumed: their dead rows are left to page pruning.
 */
export async function maintainEmbeddedTables(db: SqlDatabase): Promise<TableMaintenance[]> {
  const tables = await db.query<TableActivity>(
    `SELECT s.relname AS table, s.n_dead_tup::text AS dead, s.n_mod_since_analyze::text AS modified,
            greatest(c.reltuples, 0)::text AS tuples
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema()
      ORDER BY s.relname`,
  );
  const done: TableMaintenance[] = [];
  for (const { table, dead, modified, tuples } of tables) {
    const rows = Number(tuples);
    const vacuum = Number(dead) > VACUUM_THRESHOLD + VACUUM_SCALE * rows && rows <= MAX_VACUUM_ROWS;
    const analyze = Number(modified) > ANALYZE_THRESHOLD + ANALYZE_SCALE * rows;
    if (!vacuum && !analyze) continue;
    const name = `"${table.replaceAll('"', '""')}"`;
    await db.exec(vacuum ? `VACUUM (ANALYZE) ${name}` : `ANALYZE ${name}`);
    done.push({ table, done: vacuum ? 'vacuum_analyze' : 'analyze' });
  }
  return done;
}
