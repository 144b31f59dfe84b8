import type { PGlite as PGliteType } from '@electric-sql/pglite';
import { lockDataDir, type HeldDataDirLock } from './data-dir-lock';
import { initialiseInChildProcess, isInitialised } from './pglite-data-dir';
import {
  chooseWasmCompilers,
  DEFAULT_PGLITE_MEMORY,
  pgliteStartParams,
  type PgliteMemory,
} from './pglite-memory';
import { currentSqlCaller, type StatementObserver } from './sql-caller';
import type { HeldLock, Listening, SqlDatabase, SqlExecutor } from './sql-database';
import { afterCommit, currentUnit, runUnit } from './sql-unit-of-work';

/**
 * The embedded default: PostgreSQL compiled to WebAssembly, one process, data under a directory
 * (or in memory). It has a single connection, so transactions are serialised and the global order is
 * simply commit order.
 */
export class PgliteDatabase implements SqlDatabase {
  readonly driver = 'pglite' as const;
  private observer: StatementObserver | undefined;

  private constructor(
    private readonly db: PGliteType,
    private readonly lock: HeldDataDirLock | undefined,
  ) {}

  /**
   * `dataDir` undefined: in memory. A directory is locked for this process until `close`: a second
   * process (the CLI beside the service) gets `DataDirInUseError` instead of a diverging copy. A fresh
   * directory is initialised by a child process first.
   */
  static async open(dataDir?: string, memory: PgliteMemory = DEFAULT_PGLITE_MEMORY): Promise<PgliteDatabase> {
    chooseWasmCompilers(memory);
    const { PGlite } = await import('@electric-sql/pglite');
    const startParams = pgliteStartParams(PGlite.defaultStartParams, memory);
    if (!dataDir) return new PgliteDatabase(await PGlite.create({ startParams }), undefined);
    const lock = lockDataDir(dataDir);
    try {
      if (!isInitialised(dataDir)) await initialiseInChildProcess(dataDir, startParams);
      return new PgliteDatabase(await PGlite.create(dataDir, { startParams }), lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  observeStatements(observer: StatementObserver): void {
    this.observer = observer;
  }

  /** One statement sent, counted for its caller; `commits` when it ends a transaction (autocommit, COMMIT). */
  private sent(commits: boolean): void {
    this.observer?.(currentSqlCaller(), commits);
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const unit = currentUnit(this);
    if (unit) return unit.executor.query<Row>(sql, params);
    this.sent(true);
    const result = await this.db.query<Row>(sql, params as unknown[] | undefined);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    const unit = currentUnit(this);
    if (unit) return unit.executor.exec(sql);
    this.sent(true);
    await this.db.exec(sql);
  }

  unitOfWork<T>(work: () => Promise<T>): Promise<T> {
    return runUnit(this, (inner) => this.ownTransaction(inner), work);
  }

  afterCommit(callback: () => void): void {
    afterCommit(this, callback);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const unit = currentUnit(this);
    return unit ? work(unit.executor) : this.ownTransaction(work);
  }

  private async ownTransaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    // PGlite sends BEGIN and COMMIT (or ROLLBACK) itself.
    this.sent(false);
    let committed = false;
    try {
      const value = await this.db.transaction(async (tx) =>
        work({
          query: async <Row>(sql: string, params?: readonly unknown[]) => {
            this.sent(false);
            return (await tx.query<Row>(sql, params as unknown[] | undefined)).rows;
          },
          exec: async (sql: string) => {
            this.sent(false);
            await tx.exec(sql);
          },
        }),
      );
      committed = true;
      return value;
    } finally {
      this.sent(committed);
    }
  }

  async tryLock(): Promise<HeldLock> {
    // One process owns the data directory: it is always the only projector, and its lock is never lost.
    return { lost: new Promise<void>(() => undefined), release: async () => undefined };
  }

  /** One process owns the data directory: its in-process signals reach every subscriber already. */
  async listen(): Promise<Listening> {
    return { close: async () => undefined };
  }

  async notify(): Promise<void> {}

  async close(): Promise<void> {
    try {
      await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
