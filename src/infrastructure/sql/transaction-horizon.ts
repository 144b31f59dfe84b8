import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { SqlDatabase } from './sql-database';

export interface OldestTransaction {
  readonly ageSeconds: number;
  /** Its session's `application_name` (who to ask), when the role may see it. */
  readonly applicationName: string | null;
  readonly pid: number | null;
  /** Older than the threshold: readers of the global order wait behind it. */
  readonly degraded: boolean;
}

const WARN_AGAIN_AFTER_MS = 60_000;

/**
 * The global order is read only below the oldest transaction still open (README: the event store),
 * so one long transaction anywhere on the server, in any database, stalls every projection. This
 * finds it, exposes its age as a metric and warns, naming the session's application.
 */
export class TransactionHorizon {
  private lastWarnedAt = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly warnAfterSeconds: number,
  ) {}

  async check(): Promise<OldestTransaction> {
    // PGlite has one connection: no transaction of another session can hold it back.
    const [row] =
      this.db.driver === 'pg'
        ? await this.db.query<{ age: number; application_name: string | null; pid: number | null }>(
            `SELECT extract(epoch FROM clock_timestamp() - xact_start)::float8 AS age, application_name, pid
               FROM pg_stat_activity
              WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
              ORDER BY xact_start LIMIT 1`,
          )
        : [];
    const ageSeconds = Math.max(0, row?.age ?? 0);
    this.metrics.oldestTransactionAge.set(ageSeconds);
    const oldest = {
      ageSeconds,
      applicationName: row?.application_name ?? null,
      pid: row?.pid ?? null,
      degraded: ageSeconds > this.warnAfterSeconds,
    };
    if (oldest.degraded && Date.now() - this.lastWarnedAt > WARN_AGAIN_AFTER_MS) {
      this.lastWarnedAt = Date.now();
      this.logger.warn(
        { ageSeconds: Math.round(ageSeconds), applicationName: oldest.applicationName, pid: oldest.pid },
        'a long transaction holds back the global order: projections and reactions wait behind it',
      );
    }
    return oldest;
  }
}
