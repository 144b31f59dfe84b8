import type { PGlite as PGliteType } from '@electric-sql/pglite';
import { BaseSqlDatabase } from './base-sql-database';
import { lockDataDir, type HeldDataDirLock } from './data-dir-lock';
import { initialiseInChildProcess, isInitialised } from './pglite-data-dir';
import {
  chooseWasmCompilers,
  DEFAULT_PGLITE_MEMORY,
  pgliteStartParams,
  type PgliteMemory,
} from './pglite-memory';
import type { HeldLock, Listening, SqlExecutor } from './sql-database';

/**
 * The embedded default: PostgreSQL compiled to WebAssembly, one process, data under a directory
 * (or in memory). It has a single connection, so transactions are serialised and the global order is
 * simply commit order.
 */
export class PgliteDatabase extends BaseSqlDatabase {
  readonly driver = 'pglite' as const;

  private constructor(
    private readonly db: PGliteType,
    private readonly lock: HeldDataDirLock | undefined,
  ) {
    super();
  }

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

  protected async autocommitQuery<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const result = await this.db.query<Row>(sql, params as unknown[] | undefined);
    return result.rows;
  }

  protected async autocommitExec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  protected async ownTransaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
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
