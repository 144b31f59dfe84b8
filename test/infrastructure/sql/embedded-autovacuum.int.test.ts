import { maintainEmbeddedTables } from '../../../src/infrastructure/sql/embedded-autovacuum';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { pgliteKind } from '../../support/test-databases';

interface TableState {
  readonly tuples: number;
  readonly dead: number;
}

/** What the planner and the statistics know of the table now (this connection's counts flushed first). */
async function stateOf(db: SqlDatabase, table: string): Promise<TableState> {
  await db.query('SELECT pg_stat_force_next_flush()');
  const [row] = await db.query<{ tuples: string; dead: string }>(
    `SELECT c.reltuples::text AS tuples, s.n_dead_tup::text AS dead
       FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.relname = $1 AND s.schemaname = current_schema()`,
    [table],
  );
  return { tuples: Number(row!.tuples), dead: Number(row!.dead) };
}

// PGlite runs without autovacuum: the service's periodic round does what it would (SPEC §5's embedded default).
describe('the embedded store kept like a server (PGlite has no autovacuum)', () => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ db, dispose } = await pgliteKind.open());
    await db.exec('CREATE TABLE grown (id int PRIMARY KEY, v text); CREATE TABLE quiet (id int PRIMARY KEY)');
  });
  afterEach(() => dispose());

  it('analyzes a table that grew, and leaves a table without changes alone', async () => {
    await db.exec(`INSERT INTO grown SELECT i, 'x' FROM generate_series(1, 2000) i`);
    expect((await stateOf(db, 'grown')).tuples).toBe(-1); // never analyzed: the planner knows its size only

    expect(await maintainEmbeddedTables(db)).toEqual([{ table: 'grown', done: 'analyze' }]);
    expect((await stateOf(db, 'grown')).tuples).toBe(2000);
    expect(await maintainEmbeddedTables(db)).toEqual([]);
  });

  it('vacuums a table whose updates left dead rows', async () => {
    await db.exec(`INSERT INTO grown SELECT i, 'x' FROM generate_series(1, 2000) i`);
    await stateOf(db, 'grown');
    await maintainEmbeddedTables(db);
    await db.exec(`UPDATE grown SET v = 'y'`);
    expect((await stateOf(db, 'grown')).dead).toBe(2000);

    expect(await maintainEmbeddedTables(db)).toEqual([{ table: 'grown', done: 'vacuum_analyze' }]);
    expect((await stateOf(db, 'grown')).dead).toBe(0);
  });
});
