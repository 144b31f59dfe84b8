import { PendingDeadlines } from '../../application/complaints/pending-deadlines';
import type { Instant } from '../../domain/shared/instant';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';

/** The complaints whose pending deadlines have ended by `at`, those that ended first first. */
export class SqlPendingDeadlines extends PendingDeadlines {
  constructor(private readonly db: SqlExecutor) {
    super();
  }

  async endedBy(at: Instant, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ complaint_id: string }>(
      `SELECT complaint_id FROM complaint_deadlines
        WHERE status = 'pending' AND ends_at <= $1::timestamptz
        GROUP BY complaint_id ORDER BY min(ends_at), complaint_id LIMIT $2`,
      [at, limit],
    );
    return rows.map((row) => row.complaint_id);
  }
}
