import type { NumberRequestEvent } from '../../domain/number-request/events';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { Projection, ProjectedEvent } from '../runtime/projection';

/** A request is open from its code's issue until it is confirmed, refused or expired. */
type OpenRequestEvent = Extract<
  NumberRequestEvent,
  { type: 'OtpIssued' | 'NumberConfirmed' | 'RequestRefused' | 'RequestExpired' }
>;

/** The requests still waiting for a confirmation and when their term ends (for the expiry sweeper, R10). */
export function createOpenRequestsProjection(): Projection<OpenRequestEvent> {
  return {
    name: 'open_requests',
    handles: ['OtpIssued', 'NumberConfirmed', 'RequestRefused', 'RequestExpired'],
    tables: ['open_requests'],
    migrations: [
      {
        id: 'open-requests/001-table',
        sql: `
CREATE TABLE open_requests (request_id text PRIMARY KEY, expires_at timestamptz NOT NULL);
CREATE INDEX open_requests_expires_at ON open_requests (expires_at);`,
      },
    ],
    async apply(tx: SqlExecutor, events: readonly ProjectedEvent<OpenRequestEvent>[]) {
      const open = new Map<string, string>();
      const closed = new Set<string>();
      for (const event of events) {
        const { requestId } = event.data;
        if (event.type === 'OtpIssued') {
          if (!closed.has(requestId)) open.set(requestId, event.data.expiresAt);
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
