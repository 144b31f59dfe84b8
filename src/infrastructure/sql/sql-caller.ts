import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which code path sends a statement (`numlink_sql_statements_total{caller}`): a short label carried
 * through the async calls of that path, so the SQL layer counts without every query naming itself.
 */
const callers = new AsyncLocalStorage<string>();

/** Runs `work` as `caller`, whatever an outer path is named (a projection, a reaction). */
export function asSqlCaller<T>(caller: string, work: () => T): T {
  return callers.run(caller, work);
}

/**
 * Runs `work` as `caller` unless an outer path is named already: an adapter's statements count as
 * `append` or `read_stream` for a use case, and as the reaction's when a reaction sends them.
 */
export function asDefaultSqlCaller<T>(caller: string, work: () => T): T {
  return callers.getStore() ? work() : callers.run(caller, work);
}

/** Runs `work` as the current code path, wherever it is called from (a callback of another path). */
export function sqlCallerScope(): <T>(work: () => T) => T {
  // '' for none: `exit` would not survive an inner `run` on Node 20 (its continuations took the outer store).
  const caller = callers.getStore() ?? '';
  return (work) => callers.run(caller, work);
}

/** The code path now sending a statement (`other` when none is named). */
export function currentSqlCaller(): string {
  return callers.getStore() || 'other';
}

/**
 * Told of every statement a database sends, with its caller (the metrics' hook); `commits` when the
 * statement ends a transaction: an autocommit statement, or COMMIT (what `pg_stat_database.xact_commit`
 * counts, read-only transactions included).
 */
export type StatementObserver = (caller: string, commits: boolean) => void;
