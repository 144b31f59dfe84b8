import { asSqlCaller } from '../../../src/infrastructure/sql/sql-caller';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { testDatabaseKinds } from '../../support/test-databases';

describe.each(testDatabaseKinds)('a unit of work on $name', (kind) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  const statements: Array<{ caller: string; commits: boolean }> = [];

  beforeEach(async () => {
    ({ db, dispose } = await kind.open());
    await db.exec('CREATE TABLE notes (text text NOT NULL)');
    statements.length = 0;
    db.observeStatements((caller, commits) => statements.push({ caller, commits }));
  });
  afterEach(async () => {
    await dispose();
  });

  const notes = async () => (await db.query<{ text: string }>('SELECT text FROM notes')).map((r) => r.text);

  it('commits the statements of every adapter in it once, each counted for its caller', async () => {
    await db.unitOfWork(async () => {
      await asSqlCaller('rate_limit', () => db.query("INSERT INTO notes VALUES ('a')"));
      await asSqlCaller('append', () => db.transaction((tx) => tx.query("INSERT INTO notes VALUES ('b')")));
    });
    expect(statements).toEqual([
      { caller: 'unit_of_work', commits: false },
      { caller: 'rate_limit', commits: false },
      { caller: 'append', commits: false },
      { caller: 'unit_of_work', commits: true },
    ]);
    expect(await notes()).toEqual(['a', 'b']);
  });

  it('writes nothing when the work throws, and runs no after-commit callback', async () => {
    const after: string[] = [];
    await expect(
      db.unitOfWork(async () => {
        await db.query("INSERT INTO notes VALUES ('a')");
        db.afterCommit(() => after.push('woken'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await notes()).toEqual([]);
    expect(after).toEqual([]);
  });

  it('runs after-commit callbacks once the unit has committed, and at once outside one', async () => {
    const seen: string[][] = [];
    await db.unitOfWork(async () => {
      await db.query("INSERT INTO notes VALUES ('a')");
      db.afterCommit(() => void notes().then((rows) => seen.push(rows)));
    });
    db.afterCommit(() => seen.push(['now']));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([['now'], ['a']]);
  });

  it('sends a statement started inside the work but run after it on its own (a timer)', async () => {
    let late: Promise<unknown> | undefined;
    await db.unitOfWork(async () => {
      await db.query("INSERT INTO notes VALUES ('a')");
      late = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
        db.query("INSERT INTO notes VALUES ('late')"),
      );
    });
    await late;
    expect((await notes()).sort()).toEqual(['a', 'late']);
  });
});
