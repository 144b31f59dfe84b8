import type { RecordedEvent } from '../../application/ports/event-store';
import type { OtpIssued } from '../../domain/number-request/events';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { Projection } from '../runtime/projection';

const CLOSING_TYPES = ['NumberConfirmed', 'RequestRefused', 'RequestExpired'];

/** The requests still waiting for a confirmation and when their term ends (for the expiry sweeper, R10). */
export function createOpenRequestsProjection(): Projection {
  return {
    name: 'open_requests',
    handles: ['OtpIssued', ...CLOSING_TYPES],
    tables: ['open_requests'],
    migrations: [
      {
        id: 'open-requests/001-table',
        sql: `
CREATE TABLE open_requests (request_id text PRIMARY KEY, expires_at timestamptz NOT NULL);
CREATE INDEX open_requests_expires_at ON open_requests (expires_at);`,
      },
    ],
    async apply(tx: SqlExecutor, events: readonly RecordedEvent[]) {
      const open = new Map<string, string>();
      const closed = new Set<string>();
      for (const event of events) {
        const requestId = (event.data as { requestId: string }).requestId;
        if (event.type === 'OtpIssued') {
          if (!closed.has(requestId)) open.set(requestId, (event.data as OtpIssued['data']).expiresAt);
        } else {
          open.delete(requestId);
          closed.add(requestId);
        }
      }
      if (open.size > 0) {
        await tx.query(
          `INSERT INTO open_requests (request_id, expires_at)
           SELECT * FROM unnest($1::text[], $2::timestamptz[]) ON CONFLICT (request_id) DO NOTHING`,
          [[...open.keys()], [...open.values()]],
        );
      }
      if (closed.size > 0)
        await tx.query('DELETE FROM open_requests WHERE request_id = ANY($1::text[])', [[...closed]]);
    },
  };
}
