import type { KeyObject } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { CONNECTION_EVENT_TYPES, ConnectionCompleter } from '../../application/complete-connection';
import { markMissedDeadlines } from '../../application/complaints/mark-missed-deadlines';
import { EventSchemas } from '../../application/event-schemas';
import { expireRequests } from '../../application/expire-requests';
import type { NumberRequestSettings } from '../../application/number-request-settings';
import type { Clock } from '../../application/ports/clock';
import type { RateLimiter } from '../../application/ports/rate-limiter';
import type { LimitedAppender } from '../../application/ports/limited-appender';
import type { EventStore } from '../../application/ports/event-store';
import { SendOtpSms, SMS_EVENT_TYPES } from '../../application/send-otp-sms';
import { KNOWN_EVENT_SCHEMA_VERSIONS } from '../../application/known-events';
import { publishIntegrationEvents } from '../../application/publish-integration-events';
import { AuditCheckpointScheduler } from '../../projections/audit-trail/audit-checkpoint-scheduler';
import { ensureAuditSigningKey, loadAuditSigningKey } from '../../projections/audit-trail/audit-signing-key';
import type { KazakhstanWorkingCalendar } from '../../domain/calendar/create-working-calendar';
import { SqlPendingDeadlines } from '../../projections/complaint-deadlines/sql-pending-deadlines';
import { SqlExpiringRequests } from '../../projections/open-requests/expiring-requests-query';
import { readModelProjections } from '../../projections/read-models';
import type { NumberLinkViewCache } from '../../projections/number-links/number-link-view-invalidation';
import { LinkViewCache } from '../../application/find-number-link/link-view-cache';
import type { Projection } from '../../projections/runtime/projection';
import { ProjectionRunner } from '../../projections/runtime/projection-runner';
import { reactor } from '../../projections/runtime/reactor';
import { CalendarFileError } from '../calendar/calendar-file-error';
import { loadWorkingCalendar } from '../calendar/load-working-calendar';
import { SystemClock } from '../clock/system-clock';
import { ConfigError, type Config } from '../config/config';
import { eventStoreMigrations } from '../event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { postgresEventTable } from '../event-store/postgres/postgres-event-table';
import { EventStoreDbEventStore } from '../event-store/eventstoredb/eventstoredb-event-store';
import { ApiKeys } from '../http/auth/api-keys';
import { FileAuditCheckpointPublisher } from '../audit-checkpoints/file-audit-checkpoint-publisher';
import { KafkaAuditCheckpointPublisher } from '../kafka/kafka-audit-checkpoint-publisher';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { KafkaSmsSender } from '../kafka/kafka-sms-sender';
import { MeteredSmsSender } from '../sms/metered-sms-sender';
import { IdempotencyStore, idempotencyMigrations } from '../http/idempotency/idempotency-store';
import { createLogger, type Logger } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { PostgresRateLimiter, rateLimitMigrations } from '../rate-limit/postgres-rate-limiter';
import { UnitOfWorkLimitedAppender } from '../rate-limit/limited-appender-in-unit-of-work';
import { PostgresLimitedAppender } from '../event-store/postgres/postgres-limited-appender';
import { migrate } from '../sql/migrations';
import { PgDatabase } from '../sql/pg-database';
import { PgliteDatabase } from '../sql/pglite-database';
import { SqlUnitOfWork } from '../sql/sql-unit-of-work';
import type { SqlDatabase } from '../sql/sql-database';
import { TransactionHorizon } from '../sql/transaction-horizon';
import { buildPortAdapters, type PortAdapters } from './adapters';
import { closeEdsVerifier } from './eds-verifier';
import { Lifecycle } from './lifecycle';
import { maintainEmbeddedTables } from '../sql/embedded-autovacuum';
import { Periodic } from './periodic';

/** Everything a running numlink holds: built once from the config, started once, closed once. */
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
  /** The number-link views kept in memory while this instance runs their projection (issue 11 item 7). */
  readonly linkViews: NumberLinkViewCache;
  /** The oldest open transaction, which every reader of the global order waits behind. */
  readonly transactionHorizon: TransactionHorizon;
  readonly apiKeys: ApiKeys;
  readonly ports: PortAdapters;
  readonly rateLimiter: RateLimiter;
  /** Takes a request's limits and appends it, both or neither (one statement on PostgreSQL and PGlite). */
  readonly limitedAppender: LimitedAppender;
  readonly settings: NumberRequestSettings;
  readonly idempotency: IdempotencyStore;
  /** Kazakhstan's working calendar that complaint deadlines count in, loaded once at start. */
  readonly calendar: KazakhstanWorkingCalendar;
  /** Keys that may have signed audit checkpoints: the current one (retired ones would join it here). */
  readonly auditPublicKeys: readonly KeyObject[];
  readonly auditCheckpoints: AuditCheckpointScheduler;
  /** Serving or draining (readiness answers 503 while draining). */
  readonly lifecycle: Lifecycle;
  /** Starts the projections, the reactions (SMS, connections) and the expiry sweeper. */
  start(): void;
  /** Stops the projections, reactions and sweepers, each after its current batch (at a checkpoint). */
  stopWork(): Promise<void>;
  /** Stops the work, then closes the connections (Kafka, event store, database). */
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** An already open database (tests); closed by its owner, not by the runtime. */
  readonly db?: SqlDatabase;
  /** How often the expiry sweeper runs (R10: within a minute of the term). */
  readonly sweepIntervalMs?: number;
  /** How often missed complaint deadlines are looked for (SPEC R21: within a minute after 24:00 Almaty). */
  readonly deadlineWatchIntervalMs?: number;
}

/** Opens the database, applies migrations and builds the adapters and use cases. */
export async function buildRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const metrics = new Metrics();
  const clock = overrides.clock ?? new SystemClock();
  const ownsDb = overrides.db === undefined;
  const db = overrides.db ?? (await openDatabase(config));
  db.observeStatements((caller, commits) => {
    metrics.sqlStatements.inc({ caller });
    if (commits) metrics.sqlCommits.inc({ caller });
  });
  const schemas = EventSchemas.fromVersions(KNOWN_EVENT_SCHEMA_VERSIONS);
  const storeMigrations = config.eventStore === 'postgres' ? eventStoreMigrations : [];
  await migrate(db, [...storeMigrations, ...rateLimitMigrations, ...idempotencyMigrations]);
  const store = openEventStore(config, db, schemas);
  const ports = await buildPortAdapters(config, clock);
  const calendar = await loadCalendar(config);
  const settings: NumberRequestSettings = {
    requestLimits: {
      otpTtlSeconds: config.limits.otpTtlSeconds,
      serviceTermSeconds: config.limits.serviceTermSeconds,
      maxAttempts: config.limits.otpMaxAttempts,
      resendCooldownSeconds: config.limits.otpResendCooldownSeconds,
      maxSendsPerRequest: config.limits.otpMaxSendsPerRequest,
    },
    maxSendsPerPhonePerHour: config.limits.otpMaxSendsPerPhonePerHour,
    maxRequestsPerIinPerDay: config.limits.maxRequestsPerIinPerDay,
    defaultLanguage: config.defaultLanguage,
  };
  const rateLimiter = new PostgresRateLimiter(db, logger);
  const signer = config.auditSigningKeyFile
    ? await loadAuditSigningKey(config.auditSigningKeyFile)
    : await ensureAuditSigningKey(config.dataDir);
  const linkViews: NumberLinkViewCache = new LinkViewCache(config.linkViewCacheSize);
  metrics.observeLinkViewCache(() => linkViews.stats);
  const projections: Projection[] = [
    ...readModelProjections(linkViews),
    // What it finishes is normally in the confirmation's own commit already: nobody waits on it.
    reactor(
      'connection_completer',
      CONNECTION_EVENT_TYPES,
      (events) => new ConnectionCompleter(store, clock).handle(events),
      { gathers: true },
    ),
  ];
  const publisher = config.kafkaBrokers
    ? new KafkaPublisher({ brokers: config.kafkaBrokers }, logger, metrics)
    : undefined;
  // Every signed checkpoint also outside the database: the file always, Kafka when configured.
  const auditCheckpoints = new AuditCheckpointScheduler(db, signer, clock, {
    logger,
    publishers: [
      new FileAuditCheckpointPublisher(config.auditCheckpointFile),
      ...(publisher ? [new KafkaAuditCheckpointPublisher(publisher)] : []),
    ],
  });
  if (publisher) {
    projections.push(reactor('kafka_events', 'all', publishIntegrationEvents(publisher)));
  }
  const gateway = ports.smsSender ?? (publisher ? new KafkaSmsSender(publisher) : undefined);
  const smsSender = gateway && new MeteredSmsSender(gateway, metrics);
  if (smsSender) {
    const sms = new SendOtpSms(ports.otpCodes, smsSender, clock, config.defaultLanguage);
    projections.push(reactor('sms_dispatcher', SMS_EVENT_TYPES, (events) => sms.handle(events)));
  }
  const runner = new ProjectionRunner(db, store, projections, clock, metrics, logger, {
    gatherMs: config.projectionGatherMs,
    // The PostgreSQL store keeps its events in `db` itself: rebuilds copy them table to table.
    ...(store instanceof PostgresEventStore ? { eventTable: postgresEventTable } : {}),
  });
  await runner.migrate();

  const expiring = new SqlExpiringRequests(db);
  const sweeper = new Periodic(overrides.sweepIntervalMs ?? 10_000, logger, 'expiry sweep', async () => {
    const expired = await expireRequests(store, clock, expiring);
    if (expired > 0) logger.info({ expired }, 'requests expired');
  });

  const pendingDeadlines = new SqlPendingDeadlines(db);
  const deadlineWatch = new Periodic(
    overrides.deadlineWatchIntervalMs ?? 20_000,
    logger,
    'missed complaint deadlines',
    async () => {
      const missed = await markMissedDeadlines(store, clock, calendar, pendingDeadlines);
      metrics.deadlinesMissed.inc(missed);
      if (missed > 0) logger.info({ missed }, 'complaint deadlines missed');
    },
  );

  const transactionHorizon = new TransactionHorizon(db, metrics, logger, config.oldestTransactionWarnSeconds);
  const horizonWatch = new Periodic(15_000, logger, 'oldest transaction', async () => {
    await transactionHorizon.check();
  });
  // PGlite has no autovacuum: the embedded store is analyzed and vacuumed from here, as a server would be.
  const embeddedAutovacuum = new Periodic(60_000, logger, 'embedded autovacuum', async () => {
    const tables = await maintainEmbeddedTables(db);
    if (tables.length > 0) logger.info({ tables }, 'embedded store: tables vacuumed or analyzed');
  });
  const stopWork = async () => {
    await embeddedAutovacuum.stop();
    await sweeper.stop();
    await deadlineWatch.stop();
    await horizonWatch.stop();
    await auditCheckpoints.stop();
    await runner.stop();
  };

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
    projections: runner,
    linkViews,
    transactionHorizon,
    apiKeys,
    ports,
    rateLimiter,
    limitedAppender:
      store instanceof PostgresEventStore
        ? new PostgresLimitedAppender(store, rateLimiter)
        : new UnitOfWorkLimitedAppender(new SqlUnitOfWork(db), rateLimiter, store),
    settings,
    idempotency: new IdempotencyStore(db),
    calendar,
    auditPublicKeys: [signer.publicKey],
    auditCheckpoints,
    lifecycle: new Lifecycle(),
    start: () => {
      runner.start();
      sweeper.start();
      deadlineWatch.start();
      auditCheckpoints.start();
      if (db.driver === 'pg') horizonWatch.start();
      else embeddedAutovacuum.start();
    },
    stopWork,
    close: async () => {
      await stopWork();
      await publisher?.close();
      await store.close();
      await closeEdsVerifier(ports.signatures);
      if (ownsDb) await db.close();
    },
  };
}

/** SPEC §6: a calendar file that cannot be used stops the service, naming the variable. */
async function loadCalendar(config: Config): Promise<KazakhstanWorkingCalendar> {
  try {
    return await loadWorkingCalendar(config.calendarFile);
  } catch (error) {
    if (error instanceof CalendarFileError) throw new ConfigError('NUMLINK_CALENDAR_FILE', error.message);
    throw error;
  }
}

/** SPEC §5: the events in PostgreSQL or EventStoreDB; projections and checkpoints stay in `db` either way. */
function openEventStore(config: Config, db: SqlDatabase, schemas: EventSchemas): EventStore {
  if (config.eventStore === 'postgres') return new PostgresEventStore(db, schemas);
  if (!config.esdbUrl) {
    throw new ConfigError('NUMLINK_ESDB_URL', 'is required when NUMLINK_EVENT_STORE=eventstoredb');
  }
  return EventStoreDbEventStore.connect(config.esdbUrl, schemas);
}

async function openDatabase(config: Config): Promise<SqlDatabase> {
  if (config.databaseUrl) return PgDatabase.connect({ connectionString: config.databaseUrl });
  const dir = path.join(config.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return PgliteDatabase.open(dir, config.pgliteMemory);
}
