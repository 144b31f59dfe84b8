import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import * as path from 'node:path';
import { EventSchemas } from '../../application/event-schemas';
import { KNOWN_EVENT_SCHEMA_VERSIONS } from '../../application/known-events';
import type { Clock } from '../../application/ports/clock';
import type { EventStore } from '../../application/ports/event-store';
import { SystemClock } from '../../infrastructure/clock/system-clock';
import { loadConfig, type Config } from '../../infrastructure/config/config';
import { eventStoreMigrations } from '../../infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../infrastructure/event-store/postgres/postgres-event-store';
import { postgresEventTable } from '../../infrastructure/event-store/postgres/postgres-event-table';
import type { EventTable } from '../../projections/runtime/event-table';
import { migrate } from '../../infrastructure/sql/migrations';
import { PgDatabase } from '../../infrastructure/sql/pg-database';
import { PgliteDatabase } from '../../infrastructure/sql/pglite-database';
import type { SqlDatabase } from '../../infrastructure/sql/sql-database';
import { checkpointMigrations } from '../../projections/runtime/checkpoint-migrations';
import type { CliIo } from './cli-io';
import { readModelProjections } from '../../projections/read-models';

/** What a command runs against: the service's config, its database and event store. No server, no jobs. */
export interface CliContext {
  readonly config: Config;
  readonly db: SqlDatabase;
  /** Both halves: the records of the CLI's reads are appended; rebuilds read the global order (`EventLog`). */
  readonly store: EventStore;
  /** The store's events as a table of `db` (the CLI runs on the PostgreSQL store only): rebuilds copy from it. */
  readonly eventTable: EventTable;
  readonly clock: Clock;
  /** `cli:<operating-system user>`: the principal recorded for the CLI's reads. */
  readonly principal: string;
  close(): Promise<void>;
}

/**
 * Reads the config from the same variables as the service, opens its database and applies the
 * migrations the service would (the event store, the checkpoints, the read models' tables).
 */
export async function openCliContext(io: CliIo): Promise<CliContext> {
  const config = loadConfig(io.env ?? process.env);
  if (config.eventStore !== 'postgres')
    throw new Error('NUMLINK_EVENT_STORE=eventstoredb: the CLI works with the PostgreSQL event store only');
  const ownsDb = io.db === undefined;
  const db = io.db ?? (await openDatabase(config));
  try {
    await migrate(db, [
      ...eventStoreMigrations,
      ...checkpointMigrations,
      ...readModelProjections().flatMap((p) => p.migrations),
    ]);
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
  const store = new PostgresEventStore(db, EventSchemas.fromVersions(KNOWN_EVENT_SCHEMA_VERSIONS));
  return {
    config,
    db,
    store,
    eventTable: postgresEventTable,
    clock: io.clock ?? new SystemClock(),
    principal: `cli:${io.user ?? osUser()}`,
    close: async () => {
      await store.close();
      if (ownsDb) await db.close();
    },
  };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A container user without a passwd entry.
    return process.env.USER ?? String(process.getuid?.() ?? 'unknown');
  }
}

async function openDatabase(config: Config): Promise<SqlDatabase> {
  if (config.databaseUrl)
    return PgDatabase.connect({ connectionString: config.databaseUrl, maxConnections: 4 });
  const dir = path.join(config.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return PgliteDatabase.open(dir, config.pgliteMemory);
}
