import type { PGlite as PGliteType } from '@electric-sql/pglite';
import { lockDataDir, type HeldDataDirLock } from './data-dir-lock';
import { initialiseInChildProcess, isInitialised } from './pglite-data-dir';
import {
  chooseWasmCompilers,
  DEFAULT_PGLITE_MEMORY,
  pgliteStartParams,
  type PgliteMemory,
} from './pglite-memory';
import type { HeldLock, Listening, SqlDatabase, SqlExecutor } from './sql-database';

/**
 * The embedded default: PostgreSQL compiled to WebAssembly, one process, data under a directory
 * (or in memory). It has a single connection, so transactions are serialised and the global order is
 * simply commit order.
 */
export class PgliteDatabase implements SqlDatabase {
  readonly driver = 'pglite' as const;

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

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const result = await this.db.query<Row>(sql, params as unknown[] | undefined);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      work({
        query: async <Row>(sql: string, params?: readonly unknown[]) =>
          (await tx.query<Row>(sql, params as unknown[] | undefined)).rows,
        exec: async (sql: string) => {
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
