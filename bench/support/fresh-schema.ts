import { randomBytes } from 'node:crypto';
import { PgDatabase } from '../../src/infrastructure/sql/pg-database';

/** The server benchmarks run against: `NUMLINK_BENCH_DATABASE_URL`, else the local test database. */
export function benchDatabaseUrl(): string {
  return process.env.NUMLINK_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
}

export interface FreshSchema {
  readonly connectionString: string;
  readonly schema: string;
  /** A pool working in the schema; the first one is opened with the schema. */
  readonly db: PgDatabase;
  /** Another pool on the same schema (a reader in "another process", with connections of its own). */
  connect(maxConnections: number): Promise<PgDatabase>;
  /** Closes every pool opened here and drops the schema with all it holds. */
  drop(): Promise<void>;
}

/**
 * A new, empty schema named `bench_<name>_<random>` on the benchmark server, so that a run never
 * meets another run's rows and leaves nothing behind. Call `drop()` in a `finally`.
 */
export async function openFreshSchema(
  name: string,
  maxConnections: number,
  connectionString = benchDatabaseUrl(),
): Promise<FreshSchema> {
  const schema = `bench_${name}_${randomBytes(4).toString('hex')}`;
  const db = await PgDatabase.connect({ connectionString, schema, maxConnections });
  const pools: PgDatabase[] = [db];
  return {
    connectionString,
    schema,
    db,
    connect: async (connections) => {
      const pool = await PgDatabase.connect({ connectionString, schema, maxConnections: connections });
      pools.push(pool);
      return pool;
    },
    drop: async () => {
      for (const pool of pools.slice(1)) await pool.close();
      try {
        await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await db.close();
      }
    },
  };
}
