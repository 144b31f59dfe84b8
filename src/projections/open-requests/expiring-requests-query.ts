import { ExpiringRequests } from '../../application/ports/expiring-requests';
import type { Instant } from '../../domain/shared/instant';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';

export class SqlExpiringRequests extends ExpiringRequests {
  constructor(private readonly db: SqlExecutor) {
    super();
  }

  async endedBy(at: Instant, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ request_id: string }>(
      'SELECT request_id FROM open_requests WHERE expires_at < $1::timestamptz ORDER BY expires_at LIMIT $2',
      [at, limit],
    );
    return rows.map((row) => row.request_id);
  }
}
