import { AsyncLocalStorage } from 'node:async_hooks';
import { UnitOfWork } from '../../application/ports/unit-of-work';
import { asDefaultSqlCaller, sqlCallerScope } from './sql-caller';
import type { SqlDatabase, SqlExecutor } from './sql-database';

/** A transaction that the statements of one async call path join (`SqlDatabase.unitOfWork`). */
export interface OpenUnit {
  readonly db: SqlDatabase;
  readonly executor: SqlExecutor;
  /** False once the work has ended: a timer started inside it then goes to the pool, not here. */
  open: boolean;
  readonly afterCommit: Array<() => void>;
}

const units = new AsyncLocalStorage<OpenUnit>();

/** The unit of work of `db` that the current call path is in, if any. */
export function currentUnit(db: SqlDatabase): OpenUnit | undefined {
  const unit = units.getStore();
  return unit?.open && unit.db === db ? unit : undefined;
}

/**
 * Runs `work` in the transaction `begin` opens, as the unit every statement of `db` joins meanwhile;
 * the callbacks registered with `afterCommit` run once it has committed (none when it rolled back).
 */
export async function runUnit<T>(
  db: SqlDatabase,
  transaction: <R>(work: (tx: SqlExecutor) => Promise<R>) => Promise<R>,
  work: () => Promise<T>,
): Promise<T> {
  if (currentUnit(db)) return work();
  const afterCommit: Array<() => void> = [];
  // BEGIN and COMMIT count as `unit_of_work`; the work's statements as their own code paths.
  const asCaller = sqlCallerScope();
  const value = await asDefaultSqlCaller('unit_of_work', () =>
    transaction(async (executor) => {
      const unit: OpenUnit = { db, executor, open: true, afterCommit };
      try {
        return await asCaller(() => units.run(unit, work));
      } finally {
        unit.open = false;
      }
    }),
  );
  for (const callback of afterCommit) callback();
  return value;
}

/** Runs `callback` after the unit of work of `db` commits, or at once outside one. */
export function afterCommit(db: SqlDatabase, callback: () => void): void {
  const unit = currentUnit(db);
  if (unit) unit.afterCommit.push(callback);
  else callback();
}

/** The application's `UnitOfWork` over the one database of the service. */
export class SqlUnitOfWork extends UnitOfWork {
  constructor(private readonly db: SqlDatabase) {
    super();
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.db.unitOfWork(work);
  }
}
