/** One SQL statement runner: a pool, a transaction, or the embedded database. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A session-level lock held on one dedicated connection until released (one active projector). */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * PostgreSQL as numlink uses it, over either driver: `pg` (a server) or PGlite (the embedded default).
 * Parameters are `$1…`; jsonb comes back parsed; int8 should be selected as text and converted.
 */
export interface SqlDatabase extends SqlExecutor {
  readonly driver: 'pg' | 'pglite';
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * `pg_try_advisory_lock` on a connection of its own, keyed by the schema and `key` (numlinks in other
   * schemas of one database never wait for each other); `undefined` when another session holds it.
   */
  tryLock(key: string): Promise<HeldLock | undefined>;
  close(): Promise<void>;
}

/** The SQLSTATE of a PostgreSQL error, whichever driver raised it. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function constraintOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'constraint' in error) {
    const name = (error as { constraint: unknown }).constraint;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}
