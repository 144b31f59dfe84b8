import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { UseCaseMetrics } from '../../application/ports/use-case-metrics';
import type { LinkViewCacheStats } from '../../application/find-number-link/link-view-cache';

/**
 * The service's Prometheus metrics, one registry per running service (served at `/metrics`). The
 * default Node.js and process metrics keep their standard names (`process_cpu_seconds_total`,
 * `nodejs_heap_size_used_bytes`, ...), so the usual dashboards read them.
 */
export class Metrics extends UseCaseMetrics {
  readonly registry = new Registry();

  readonly projectionLagEvents = new Gauge({
    name: 'numlink_projection_lag_events',
    help: 'Events in the store that the projection has not applied yet (approximate)',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  readonly projectionLagSeconds = new Gauge({
    name: 'numlink_projection_lag_seconds',
    help: 'How far the projection is behind the head of the store, in seconds',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  readonly projectionEventsApplied = new Counter({
    name: 'numlink_projection_events_applied_total',
    help: 'Events applied by each projection',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  readonly eventStoreUp = new Gauge({
    name: 'numlink_event_store_up',
    help: '1 when the event store answered the last check, 0 when it could not be reached',
    registers: [this.registry],
  });

  readonly oldestTransactionAge = new Gauge({
    name: 'numlink_db_oldest_transaction_age_seconds',
    help: 'Age of the oldest open transaction holding back the global order (every projection waits behind it)',
    registers: [this.registry],
  });

  readonly sqlStatements = new Counter({
    name: 'numlink_sql_statements_total',
    help: 'SQL statements sent (BEGIN and COMMIT included), by the code path that sent them (append, read_stream, rate_limit, projection:<name>, reaction:<name>, ...)',
    labelNames: ['caller'],
    registers: [this.registry],
  });

  readonly sqlCommits = new Counter({
    name: 'numlink_sql_commits_total',
    help: 'Transactions the service committed (autocommit statements and COMMITs), by the code path that sent them',
    labelNames: ['caller'],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'numlink_commands_total',
    help: 'Commands handled, by command and outcome (accepted, refused code, error)',
    labelNames: ['command', 'outcome'],
    registers: [this.registry],
  });

  readonly refusals = new Counter({
    name: 'numlink_refusals_total',
    help: 'Refused commands by command and refusal code (SPEC §4)',
    labelNames: ['command', 'code'],
    registers: [this.registry],
  });

  readonly otpConfirmationFailures = new Counter({
    name: 'numlink_otp_confirmation_failures_total',
    help: 'Failed confirmations (wrong code or failed second factor), by failure code (Rules §9)',
    labelNames: ['code'],
    registers: [this.registry],
  });

  readonly edsVerifications = new Counter({
    name: 'numlink_eds_verifications_total',
    help: 'EDS signatures checked, by the algorithm the verifier reports and the outcome (SPEC R16)',
    labelNames: ['algorithm', 'outcome'],
    registers: [this.registry],
  });

  readonly sms = new Counter({
    name: 'numlink_sms_total',
    help: 'SMS handed to the sink or gateway, by outcome (sent, failed)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  readonly kafkaMessages = new Counter({
    name: 'numlink_kafka_messages_total',
    help: 'Kafka messages by topic and outcome (published, failed)',
    labelNames: ['topic', 'outcome'],
    registers: [this.registry],
  });

  readonly deadlinesMissed = new Counter({
    name: 'numlink_complaint_deadlines_missed_total',
    help: 'Complaint deadlines recorded as missed (SPEC R21)',
    registers: [this.registry],
  });

  /** Where the number-link view cache's figures come from (`observeLinkViewCache`); none: all zero. */
  private linkViewCacheStats: () => LinkViewCacheStats = () => ({ hits: 0, misses: 0, size: 0 });

  /**
   * The number-link view cache, read from it when `/metrics` is scraped (no cost per request). Only the
   * instance running the number-links projection counts: a standby's reads go to the table uncounted.
   */
  readonly linkViewCacheReads = new Counter({
    name: 'numlink_link_view_cache_reads_total',
    help: 'GET /v1/number-links/{iin} reads answered from the in-process view cache (hit) or the table (miss)',
    labelNames: ['outcome'],
    registers: [this.registry],
    collect: (): void => {
      const { hits, misses } = this.linkViewCacheStats();
      this.linkViewCacheReads.reset();
      this.linkViewCacheReads.inc({ outcome: 'hit' }, hits);
      this.linkViewCacheReads.inc({ outcome: 'miss' }, misses);
    },
  });

  readonly linkViewCacheEntries = new Gauge({
    name: 'numlink_link_view_cache_entries',
    help: 'Number-link views held in the in-process cache (at most NUMLINK_LINK_VIEW_CACHE_SIZE)',
    registers: [this.registry],
    collect: (): void => {
      this.linkViewCacheEntries.set(this.linkViewCacheStats().size);
    },
  });

  readonly httpRequestDuration = new Histogram({
    name: 'numlink_http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /** The view cache whose reads `numlink_link_view_cache_*` report. */
  observeLinkViewCache(stats: () => LinkViewCacheStats): void {
    this.linkViewCacheStats = stats;
  }

  constructor(options: { processMetrics?: boolean } = {}) {
    super();
    if (options.processMetrics ?? true)
      // The event-loop delay histogram samples every 100 ms, not every 10 (idle cost: 0.8% -> 0.2% of a core).
      collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
  }
}
