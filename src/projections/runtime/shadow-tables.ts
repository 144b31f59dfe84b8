import { randomBytes } from 'node:crypto';
import { sqlState, type SqlDatabase, type SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { Projection } from './projection';

/** Runs `work` in a transaction of its own (the shadow's, with its schema first on the search path). */
export type InTransaction = <T>(work: (tx: SqlExecutor) => Promise<T>) => Promise<T>;

/**
 * How long the swap waits for a lock (a reader of the live tables, the live projector's checkpoint row)
 * before it lets go and tries again: readers that queue behind its request wait at most this long.
 */
const SWAP_LOCK_TIMEOUT = '1s';

/** Attempts at the swap before it gives up (each waits up to `SWAP_LOCK_TIMEOUT`). */
const SWAP_ATTEMPTS = 30;

/** PostgreSQL's `lock_not_available`: `lock_timeout` ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Told, with the swap's commit, the name of the projection whose tables were swapped in: a process that
 * keeps what it read of them (the number-link views) forgets it, since the rows changed without an event.
 */
export const TABLES_SWAPPED_CHANNEL = 'numlink_tables_swapped';

/**
 * A projection's tables built beside the live ones, in a schema of their own: its migrations run there
 * with that schema first on the search path, so its unqualified table names resolve there and every
 * other name (`events`, `projection_checkpoints`) to the live schema. Nobody reads them, so a build there
 * commits in as many pieces as it likes. `swap` puts them in the live tables' place in one transaction:
 * readers see the old rows until it commits, then the new ones. Used by the runner's one-pass rebuild
 * and by `numlink projections rebuild`.
 *
 * Where the tables can move (`movable`), the swap drops the live tables and moves the shadow ones in:
 * a drop and a rename each, whatever their size, with the indexes and constraints the migrations made.
 * Where they cannot, it replaces the live rows with the shadow's (a full copy, live tables kept):
 * - the migrations made something else in the shadow schema (a function, a type, a view), which the
 *   moved tables would lose when the schema is dropped: the audit trail's append-only triggers;
 * - a live table has what its migrations did not make there (another index or trigger, a grant);
 * - something outside the tables depends on them: a view, another table's foreign key.
 */
export class ShadowTables {
  private constructor(
    private readonly db: SqlDatabase,
    private readonly projection: Pick<Projection, 'name' | 'tables'>,
    /** The live schema (quoted). */
    readonly live: string,
    /** The shadow schema (a plain identifier). */
    readonly schema: string,
    /** The search path, the shadow first. */
    private readonly path: string,
  ) {}

  /** Creates the schema and the projection's tables in it (its migrations, in order). */
  static async create(db: SqlDatabase, projection: Projection): Promise<ShadowTables> {
    if (projection.tables.length === 0)
      throw new Error(`projection ${projection.name} has no tables to rebuild`);
    const [paths] = await db.query<{ live: string | null; path: string }>(
      `SELECT quote_ident(current_schema()) AS live,
              (SELECT string_agg(quote_ident(s), ', ' ORDER BY i)
                 FROM unnest(current_schemas(false)) WITH ORDINALITY AS u(s, i)) AS path`,
    );
    if (!paths?.live) throw new Error('no current schema: the search path names no existing schema');
    const schema = `numlink_rebuild_${randomBytes(6).toString('hex')}`;
    const shadow = new ShadowTables(db, projection, paths.live, schema, `${schema}, ${paths.path}`);
    await db.exec(`CREATE SCHEMA ${schema}`);
    try {
      await shadow.inShadow(async (tx) => {
        for (const migration of projection.migrations) await tx.exec(migration.sql);
      });
    } catch (error) {
      await shadow.drop().catch(() => undefined);
      throw error;
    }
    return shadow;
  }

  /** Runs `work` in a transaction of its own, the shadow schema first on the search path. */
  readonly inShadow: InTransaction = (work) =>
    this.db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL search_path TO ${this.path}`);
      return work(tx);
    });

  /**
   * In one transaction: `work` (the caller's checks and checkpoint), then the live tables replaced by
   * the shadow's: moved in their place (analyzed first) where they can be, else row for row; its commit
   * is told on `TABLES_SWAPPED_CHANNEL`. A lock not granted within `SWAP_LOCK_TIMEOUT` rolls it all back
   * and it tries again, up to `SWAP_ATTEMPTS` times; any other error rolls it back and is thrown.
   */
  async swap<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const movable = await this.movable();
    // Moved tables keep their statistics: without them the planner guesses at every join with the
    // view until autovacuum analyzes it (never, where autovacuum is off). A sample, before the swap.
    if (movable) await this.db.exec(`ANALYZE ${this.qualified(this.schema)}`);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inShadow(async (tx) => {
          await tx.exec(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
          // Sent when it commits; first, while it holds no lock that readers wait on.
          await this.db.notify(TABLES_SWAPPED_CHANNEL, this.projection.name, tx);
          const value = await work(tx);
          if (movable) await this.moveTables(tx);
          else await this.replaceRows(tx);
          return value;
        });
      } catch (error) {
        if (sqlState(error) !== LOCK_NOT_AVAILABLE || attempt >= SWAP_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * True when moving the shadow tables in loses nothing: the shadow schema holds only them and what
   * moves with them (indexes, constraints, owned sequences, row types), each live table has no
   * index, trigger or grant its shadow lacks, and nothing outside them depends on them (a view, another
   * table's foreign key).
   */
  async movable(): Promise<boolean> {
    const [row] = await this.db.query<{ left_behind: number; live_only: number }>(
      `WITH shadow AS (SELECT oid FROM pg_namespace WHERE nspname = $1),
            live AS (SELECT $2::regnamespace::oid AS oid),
            moved AS (SELECT c.oid FROM pg_class c JOIN shadow s ON c.relnamespace = s.oid
                       WHERE c.relkind IN ('r', 'p') AND c.relname = ANY($3)),
            -- What the migrations made in the shadow schema that does not move with the tables.
            left_behind AS (
              SELECT p.oid FROM pg_proc p JOIN shadow s ON p.pronamespace = s.oid
              UNION ALL
              SELECT t.oid FROM pg_type t JOIN shadow s ON t.typnamespace = s.oid
               WHERE t.typrelid NOT IN (SELECT oid FROM moved)
                 AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.oid = t.typelem AND e.typrelid IN (SELECT oid FROM moved))
              UNION ALL
              SELECT c.oid FROM pg_class c JOIN shadow s ON c.relnamespace = s.oid
               WHERE c.oid NOT IN (SELECT oid FROM moved)
                 AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE x.indexrelid = c.oid AND x.indrelid IN (SELECT oid FROM moved))
                 AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                    AND d.refobjid IN (SELECT oid FROM moved) AND d.deptype IN ('a', 'i'))),
            live_tables AS (SELECT c.oid, c.relacl FROM pg_class c JOIN live l ON c.relnamespace = l.oid
                             WHERE c.relkind IN ('r', 'p') AND c.relname = ANY($3)),
            -- What the live tables have that the moved ones lack: a grant, an index or a trigger of their own.
            live_only AS (
              SELECT oid FROM live_tables WHERE relacl IS NOT NULL
              UNION ALL
              SELECT x.indexrelid FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
               WHERE x.indrelid IN (SELECT oid FROM live_tables)
                 AND NOT EXISTS (SELECT 1 FROM pg_index y JOIN pg_class j ON j.oid = y.indexrelid
                                  WHERE y.indrelid IN (SELECT oid FROM moved) AND j.relname = i.relname)
              UNION ALL
              SELECT g.oid FROM pg_trigger g
               WHERE g.tgrelid IN (SELECT oid FROM live_tables) AND NOT g.tgisinternal
                 AND NOT EXISTS (SELECT 1 FROM pg_trigger o WHERE o.tgrelid IN (SELECT oid FROM moved) AND o.tgname = g.tgname)
              UNION ALL
              -- What stands on them from outside: a view, or another table's foreign key (a DROP would fail).
              SELECT r.oid FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
               WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                 AND d.refobjid IN (SELECT oid FROM live_tables) AND r.ev_class NOT IN (SELECT oid FROM live_tables)
              UNION ALL
              SELECT k.oid FROM pg_constraint k
               WHERE k.contype = 'f' AND k.confrelid IN (SELECT oid FROM live_tables)
                 AND k.conrelid NOT IN (SELECT oid FROM live_tables))
       SELECT (SELECT count(*) FROM left_behind)::int AS left_behind, (SELECT count(*) FROM live_only)::int AS live_only`,
      [this.schema, this.live, this.projection.tables],
    );
    return row?.left_behind === 0 && row.live_only === 0;
  }

  /** Drops the live tables and moves the shadow ones into the live schema in their place. */
  private async moveTables(tx: SqlExecutor): Promise<void> {
    // One script: the live tables stay locked against every reader only for one round trip.
    await tx.exec(
      [
        `DROP TABLE ${this.qualified(this.live)}`,
        ...this.projection.tables.map(
          (table) => `ALTER TABLE ${this.schema}.${table} SET SCHEMA ${this.live}`,
        ),
      ].join(';\n'),
    );
  }

  /** The projection's tables in `schema`, as a list. */
  private qualified(schema: string): string {
    return this.projection.tables.map((table) => `${schema}.${table}`).join(', ');
  }

  /** Empties the live tables in the projection's order (foreign keys), then fills them in the reverse order. */
  private async replaceRows(tx: SqlExecutor): Promise<void> {
    for (const table of this.projection.tables) await tx.query(`DELETE FROM ${this.live}.${table}`);
    for (const table of [...this.projection.tables].reverse())
      await tx.query(
        `INSERT INTO ${this.live}.${table} OVERRIDING SYSTEM VALUE SELECT * FROM ${this.schema}.${table}`,
      );
  }

  /** Drops the schema and whatever is left in it. */
  async drop(): Promise<void> {
    await this.db.exec(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }
}
