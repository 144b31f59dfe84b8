import type { SqlDatabase } from './sql-database';

/** A versioned schema change. Ids are `<component>/<NNN>-<what>`, applied once, in the order given. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

/** Applies the migrations not yet applied, under a lock so that several instances may start at once. */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[]): Promise<string[]> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS numlink_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  return db.transaction(async (tx) => {
    // Scoped to the schema: numlink instances in other schemas of the database migrate on their own.
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':numlink-migrations', 0))`,
    );
    const applied = new Set(
      (await tx.query<{ id: string }>('SELECT id FROM numlink_migrations')).map((row) => row.id),
    );
    const now: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO numlink_migrations (id) VALUES ($1)', [migration.id]);
      now.push(migration.id);
    }
    return now;
  });
}
