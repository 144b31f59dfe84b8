import type { PGlite as PGliteType } from '@electric-sql/pglite';
import { lockDataDir, type HeldDataDirLock } from './data-dir-lock';
import { currentSqlCaller, type StatementObserver } from './sql-caller';
import type { HeldLock, Listening, SqlDatabase, SqlExecutor } from './sql-database';

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
   * process (the CLI beside the service) gets `DataDirInUseError` instead of a diverging copy.
   */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const { PGlite } = await import('@electric-sql/pglite');
    if (!dataDir) return new PgliteDatabase(await PGlite.create(), undefined);
    const lock = lockDataDir(dataDir);
    try {
      return new PgliteDatabase(await PGlite.create(dataDir), lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  observeStatements(observer: StatementObserver): void {
    this.observer = observer;
  }

  /** One statement sent, counted for its caller. */
  private sent(count = 1): void {
    for (let i = 0; i < count; i++) this.observer?.(currentSqlCaller());
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    this.sent();
    const result = await this.db.query<Row>(sql, params as unknown[] | undefined);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    this.sent();
    await this.db.exec(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    // PGlite sends BEGIN and COMMIT (or ROLLBACK) itself: two statements beside the work's.
    this.sent(2);
    return this.db.transaction(async (tx) =>
      work({
        query: async <Row>(sql: string, params?: readonly unknown[]) => {
          this.sent();
          return (await tx.query<Row>(sql, params as unknown[] | undefined)).rows;
        },
        exec: async (sql: string) => {
          this.sent();
          await tx.exec(sql);
        },
      }),
    );
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
