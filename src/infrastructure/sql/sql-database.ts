import type { StatementObserver } from './sql-caller';

/** One SQL statement runner: a pool, a transaction, or the embedded database. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A session-level lock held on one dedicated connection until released (one active projector). */
export interface HeldLock {
  /**
   * Resolves if the lock's connection is lost (the server restarted): the lock is gone with it, and
   * whatever it guarded must stop until the lock is taken again.
   */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** Listening to `NOTIFY` on a channel until closed. */
export interface Listening {
  close(): Promise<void>;
}

/**
 * PostgreSQL as numlink uses it, over either driver: `pg` (a server) or PGlite (the embedded default).
 * Parameters are `$1…`; jsonb comes back parsed; int8 should be selected as text and converted.
 */
export interface SqlDatabase extends SqlExecutor {
  readonly driver: 'pg' | 'pglite';
  /** A transaction of its own; inside a unit of work, the unit's (no transaction of its own). */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction that every statement this database is sent during it joins
   * (`query`, `exec`, `transaction`), then commits: several adapters' writes commit once.
   */
  unitOfWork<T>(work: () => Promise<T>): Promise<T>;
  /** True while the current call path is inside a unit of work of this database. */
  inUnitOfWork(): boolean;
  /** Runs `callback` after the current unit of work commits (never if it rolls back), or at once. */
  afterCommit(callback: () => void): void;
  /**
   * `pg_try_advisory_lock` on a connection of its own, keyed by the schema and `key` (numlinks in other
   * schemas of one database never wait for each other); `undefined` when another session holds it.
   */
  tryLock(key: string): Promise<HeldLock | undefined>;
  /**
   * Calls `onNotify` with the payload of each `NOTIFY` on `channel` (scoped to the schema) from any
   * session, and with undefined after (re)connecting, when some may have been missed. PGlite has one
   * process, whose own signals reach everything: nothing to listen to there.
   */
  listen(channel: string, onNotify: (payload: string | undefined) => void): Promise<Listening>;
  /**
   * `NOTIFY` on `channel` (scoped to the schema): at once, or with `within`'s transaction (heard only if
   * it commits, when it commits). PGlite: nothing to do (see `listen`).
   */
  notify(channel: string, payload: string, within?: SqlExecutor): Promise<void>;
  /**
   * Tells `observer` of every statement sent from now on (BEGIN and COMMIT included), with the code
   * path that sent it (`asSqlCaller`): the service's `numlink_sql_statements_total`.
   */
  observeStatements(observer: StatementObserver): void;
  close(): Promise<void>;
}

/** SQLSTATE classes and codes, and socket errors, that mean the server is not there (not a bad statement). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** True when the error says the server is unreachable or going away, not that the statement failed. */
export function isUnavailable(error: unknown): boolean {
  const code = sqlState(error);
  if (
    code !== undefined &&
    (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))
  )
    return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed|not queryable/i.test(
    message,
  );
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
