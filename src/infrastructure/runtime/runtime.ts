import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { EventSchemas } from '../../application/event-schemas';
import type { Clock } from '../../application/ports/clock';
import type { EventStore } from '../../application/ports/event-store';
import type { Projection } from '../../projections/runtime/projection';
import { ProjectionRunner } from '../../projections/runtime/projection-runner';
import { SystemClock } from '../clock/system-clock';
import type { Config } from '../config/config';
import { eventStoreMigrations } from '../event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { ApiKeys } from '../http/auth/api-keys';
import { createLogger, type Logger } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { migrate } from '../sql/migrations';
import { PgDatabase } from '../sql/pg-database';
import { PgliteDatabase } from '../sql/pglite-database';
import type { SqlDatabase } from '../sql/sql-database';

/** Everything a running numlink holds: built once from the config, closed once. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: Clock;
  /** PostgreSQL (server or PGlite): the projections, and the events when the store is postgres. */
  readonly db: SqlDatabase;
  readonly store: EventStore;
  readonly schemas: EventSchemas;
  readonly projections: ProjectionRunner;
  readonly apiKeys: ApiKeys;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** An already open database (tests); closed by its owner, not by the runtime. */
  readonly db?: SqlDatabase;
  readonly projections?: readonly Projection[];
}

/** Opens the database, applies migrations, builds the adapters; projections start with `start()`. */
export async function buildRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const metrics = new Metrics();
  const clock = overrides.clock ?? new SystemClock();
  const ownsDb = overrides.db === undefined;
  const db = overrides.db ?? (await openDatabase(config));
  if (config.eventStore !== 'postgres') {
    throw new Error('NUMLINK_EVENT_STORE=eventstoredb: the EventStoreDB adapter is not wired yet');
  }
  const schemas = new EventSchemas();
  await migrate(db, eventStoreMigrations);
  const store = new PostgresEventStore(db, schemas);
  const projections = new ProjectionRunner(db, store, overrides.projections ?? [], clock, metrics, logger);
  await projections.migrate();
  const apiKeys = config.apiKeysFile
    ? ApiKeys.fromFile(config.apiKeysFile, config.mode)
    : ApiKeys.development();
  return {
    config,
    logger,
    metrics,
    clock,
    db,
    store,
    schemas,
    projections,
    apiKeys,
    close: async () => {
      await projections.stop();
      await store.close();
      if (ownsDb) await db.close();
    },
  };
}

async function openDatabase(config: Config): Promise<SqlDatabase> {
  if (config.databaseUrl) return PgDatabase.connect({ connectionString: config.databaseUrl });
  const dir = path.join(config.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return PgliteDatabase.open(dir);
}
