import { currentSqlCaller, type StatementObserver } from './sql-caller';
import type { HeldLock, Listening, SqlDatabase, SqlExecutor } from './sql-database';
import { afterCommit, currentUnit, runUnit } from './sql-unit-of-work';

/**
 * What both drivers share: a statement joins the unit of work its call path is in, and every statement
 * is counted for its caller. A driver says how a statement runs on its own (autocommit) and how it
 * opens a transaction of its own.
 */
export abstract class BaseSqlDatabase implements SqlDatabase {
  abstract readonly driver: 'pg' | 'pglite';
  private observer: StatementObserver | undefined;

  observeStatements(observer: StatementObserver): void {
    this.observer = observer;
  }

  /** One statement sent, counted for its caller; `commits` when it ends a transaction (autocommit, COMMIT). */
  protected sent(commits: boolean): void {
    this.observer?.(currentSqlCaller(), commits);
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const unit = currentUnit(this);
    if (unit) return unit.executor.query<Row>(sql, params);
    this.sent(true);
    return this.autocommitQuery<Row>(sql, params);
  }

  async exec(sql: string): Promise<void> {
    const unit = currentUnit(this);
    if (unit) return unit.executor.exec(sql);
    this.sent(true);
    await this.autocommitExec(sql);
  }

  unitOfWork<T>(work: () => Promise<T>): Promise<T> {
    return runUnit(this, (inner) => this.ownTransaction(inner), work);
  }

  inUnitOfWork(): boolean {
    return currentUnit(this) !== undefined;
  }

  afterCommit(callback: () => void): void {
    afterCommit(this, callback);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const unit = currentUnit(this);
    return unit ? work(unit.executor) : this.ownTransaction(work);
  }

  /** One statement outside any transaction (counted already). */
  protected abstract autocommitQuery<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  protected abstract autocommitExec(sql: string): Promise<void>;
  /** BEGIN, `work`, then COMMIT (ROLLBACK when it throws), each statement counted. */
  protected abstract ownTransaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;

  abstract tryLock(key: string): Promise<HeldLock | undefined>;
  abstract listen(channel: string, onNotify: (payload: string | undefined) => void): Promise<Listening>;
  abstract notify(channel: string, payload: string): Promise<void>;
  abstract close(): Promise<void>;
}
