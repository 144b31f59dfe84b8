import { createHash } from 'node:crypto';
import { Pool, type PoolClient, type PoolConfig, type QueryConfig } from 'pg';
import { BaseSqlDatabase } from './base-sql-database';
import { PgListener } from './pg-listener';
import type { HeldLock, Listening, SqlExecutor } from './sql-database';

export interface PgDatabaseOptions {
  readonly connectionString: string;
  /** A schema to work in (created when missing); tests use one per run. */
  readonly schema?: string;
  readonly maxConnections?: number;
  /** Names its sessions in `pg_stat_activity` (default `numlink`). */
  readonly applicationName?: string;
}

/** How long to wait for a connection before answering that the server cannot be reached. */
const CONNECT_TIMEOUT_MS = 5000;
/**
 * A pooled query waits this long for a free connection: under a burst (50 confirmations racing) the pool
 * queues; that is load, not an outage. A server that is down refuses new connections at once anyway.
 */
const POOL_WAIT_MS = 30_000;

/** While a client is checked out the pool listens to it no more: a lost connection must not crash the process. */
const ignoreClientError = () => undefined;

/** PostgreSQL server through a `pg` Pool. */
export class PgDatabase extends BaseSqlDatabase {
  readonly driver = 'pg' as const;
  private readonly pool: Pool;
  /** Each `listen`'s own connection, until its `close` (or the database's). */
  private readonly listeners = new Set<PgListener>();

  private constructor(
    private readonly config: PoolConfig,
    private readonly schema: string,
  ) {
    super();
    this.pool = new Pool(config);
    // An idle client's error (the server restarted) must not crash the process; the pool drops it.
    this.pool.on('error', () => undefined);
  }

  static async connect(options: PgDatabaseOptions): Promise<PgDatabase> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`invalid schema name ${schema}`);
    if (schema) {
      const bootstrap = new Pool({ connectionString: options.connectionString, max: 1 });
      try {
        await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        await bootstrap.end();
      }
    }
    const db = new PgDatabase(
      {
        connectionString: options.connectionString,
        max: options.maxConnections ?? 20,
        application_name: options.applicationName ?? 'numlink',
        connectionTimeoutMillis: POOL_WAIT_MS,
        ...(schema ? { options: `-c search_path=${schema}` } : {}),
      },
      schema ?? 'public',
    );
    await db.query('SELECT 1');
    return db;
  }

  protected async autocommitQuery<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const result = await this.pool.query(prepared(sql, params));
    return result.rows as Row[];
  }

  protected async autocommitExec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  protected async ownTransaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    client.on('error', ignoreClientError);
    try {
      this.sent(false);
      await client.query('BEGIN');
      const tx: SqlExecutor = {
        // Unnamed inside transactions: their statements are mostly batch writes over arrays, whose
        // custom plans (made knowing the arrays) beat the generic plan a named statement settles on.
        query: async <Row>(sql: string, params?: readonly unknown[]) => {
          this.sent(false);
          return (await client.query(sql, params as unknown[] | undefined)).rows as Row[];
        },
        exec: async (sql: string) => {
          this.sent(false);
          await client.query(sql);
        },
      };
      const value = await work(tx);
      this.sent(true);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      this.sent(false);
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.removeListener('error', ignoreClientError);
      client.release();
    }
  }

  async tryLock(key: string): Promise<HeldLock | undefined> {
    const client = await this.pool.connect();
    client.on('error', ignoreClientError);
    try {
      this.sent(true);
      const rows = (
        await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock(hashtextextended(current_schema() || $1, 0)) AS locked',
          [key],
        )
      ).rows;
      if (!rows[0]?.locked) {
        client.removeListener('error', ignoreClientError);
        client.release();
        return undefined;
      }
    } catch (error) {
      client.removeListener('error', ignoreClientError);
      client.release(true);
      throw error;
    }
    return heldLock(client, key);
  }

  async listen(channel: string, onNotify: (payload: string | undefined) => void): Promise<Listening> {
    const { connectionString, application_name } = this.config;
    const listener = new PgListener(
      { connectionString, application_name, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
      this.scoped(channel),
      onNotify,
    );
    this.listeners.add(listener);
    await listener.start();
    return {
      close: async () => {
        this.listeners.delete(listener);
        await listener.close();
      },
    };
  }

  async notify(channel: string, payload: string, within?: SqlExecutor): Promise<void> {
    const sql = 'SELECT pg_notify($1, $2)';
    if (within) {
      await within.query(sql, [this.scoped(channel), payload]);
      return;
    }
    this.sent(true);
    await this.pool.query(sql, [this.scoped(channel), payload]);
  }

  /** Numlinks in other schemas of the database hear none of this one's notices. */
  private scoped(channel: string): string {
    return `${channel}:${this.schema}`.slice(0, 63);
  }

  /** Ends the pool, and the connections of listeners still open: nothing of this database stays connected. */
  async close(): Promise<void> {
    const listeners = [...this.listeners];
    this.listeners.clear();
    await Promise.all(listeners.map((listener) => listener.close()));
    await this.pool.end();
  }
}

/** The session lock on a checked-out client; the lock is lost with the connection. */
function heldLock(client: PoolClient, key: string): HeldLock {
  let released = false;
  let markLost: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => (markLost = resolve));
  const onGone = () => markLost();
  client.on('error', onGone);
  client.on('end', onGone);
  return {
    lost,
    release: async () => {
      if (released) return;
      released = true;
      client.removeListener('end', onGone);
      try {
        await client.query('SELECT pg_advisory_unlock(hashtextextended(current_schema() || $1, 0))', [key]);
        client.removeListener('error', onGone);
        client.removeListener('error', ignoreClientError);
        client.release();
      } catch {
        client.removeListener('error', onGone);
        client.removeListener('error', ignoreClientError);
        client.release(true);
      }
    },
  };
}

const statementNames = new Map<string, string>();

/**
 * A named statement: each connection parses and plans it once, then only binds and executes (the
 * unnamed statements of `pg` were parsed and planned on every call, most of a short query's cost).
 */
function prepared(sql: string, params: readonly unknown[] | undefined): QueryConfig {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `nl_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    if (statementNames.size < 10_000) statementNames.set(sql, name);
  }
  return { name, text: sql, values: params ? [...params] : [] };
}
