import { randomBytes } from 'node:crypto';
import { PgDatabase } from '../../src/infrastructure/sql/pg-database';
import { PgliteDatabase } from '../../src/infrastructure/sql/pglite-database';
import type { SqlDatabase } from '../../src/infrastructure/sql/sql-database';

export interface TestDatabaseKind {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, empty database (a new PGlite, or a new schema on the server) and how to throw it away. */
  open(): Promise<{ db: SqlDatabase; dispose: () => Promise<void> }>;
}

const serverUrl = process.env.NUMLINK_TEST_DATABASE_URL;

if (!serverUrl) {
  if (process.env.CI === 'true') {
    throw new Error('CI=true but NUMLINK_TEST_DATABASE_URL is not set: the real-PostgreSQL tests cannot run');
  }
  console.warn('PostgreSQL server tests skipped: NUMLINK_TEST_DATABASE_URL is not set (PGlite still runs)');
}

// Starting PGlite takes about a second, so each test file keeps one and gives every test a schema of
// its own. PGlite has one connection: a test works in one fresh database at a time.
let sharedPglite: Promise<PgliteDatabase> | undefined;
afterAll(async () => {
  if (sharedPglite) await (await sharedPglite).close();
  sharedPglite = undefined;
});

export const pgliteKind: TestDatabaseKind = {
  name: 'pglite',
  open: async () => {
    sharedPglite ??= PgliteDatabase.open();
    const db = await sharedPglite;
    const schema = `t_${randomBytes(4).toString('hex')}`;
    await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    return {
      db,
      dispose: async () => {
        await db.exec(`DROP SCHEMA ${schema} CASCADE; SET search_path TO public`);
      },
    };
  },
};

/** A fresh schema on the server given by NUMLINK_TEST_DATABASE_URL; undefined when none is given. */
export const postgresKind: TestDatabaseKind | undefined = serverUrl
  ? {
      name: 'postgres',
      open: async () => {
        const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
        const db = await PgDatabase.connect({ connectionString: serverUrl, schema, maxConnections: 40 });
        return {
          db,
          dispose: async () => {
            await db.query(`DROP SCHEMA ${schema} CASCADE`);
            await db.close();
          },
        };
      },
    }
  : undefined;

/** Every database kind these tests can reach here: PGlite always, the server when given. */
export const testDatabaseKinds: readonly TestDatabaseKind[] = postgresKind
  ? [pgliteKind, postgresKind]
  : [pgliteKind];
