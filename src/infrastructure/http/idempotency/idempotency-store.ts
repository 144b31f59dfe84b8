import { hash } from 'node:crypto';
import type { Migration } from '../../sql/migrations';
import type { SqlDatabase } from '../../sql/sql-database';
import { canonicalJson } from '../../../application/canonical-json';
import { ApiError } from '../api-error';

export const idempotencyMigrations: readonly Migration[] = [
  {
    id: 'idempotency/001-keys',
    sql: `
CREATE TABLE idempotency_keys (
  scope_hash text PRIMARY KEY,
  body_hash text NOT NULL,
  status integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);`,
  },
];

export interface StoredAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An answer held this long without being finished belongs to a crashed attempt and may be taken over. */
const IN_FLIGHT_TIMEOUT_SECONDS = 60;
/** SPEC §4: keys are kept at least 24 hours. */
const RETENTION_HOURS = 25;

const sha256 = (text: string) => hash('sha256', text, 'hex');

/**
 * `Idempotency-Key` (SPEC §4), scoped to the principal, the method and the resource's path: a retry
 * with the same key and body gets the first answer and writes nothing new; the same key with another
 * body is 409; the same key on another resource is another operation.
 */
export class IdempotencyStore {
  private lastSweep = 0;

  constructor(private readonly db: SqlDatabase) {}

  /** A stable id for the command under this key, so a retry after a crash writes the same events. */
  static commandId(principal: string, route: string, key: string): string {
    return `idem:${sha256(`${principal}\n${route}\n${key}`)}`;
  }

  async run(
    scope: { principal: string; route: string; key: string },
    body: unknown,
    work: () => Promise<StoredAnswer>,
  ): Promise<StoredAnswer> {
    const scopeHash = sha256(`${scope.principal}\n${scope.route}\n${scope.key}`);
    // Equal JSON is the same body, whatever the key order.
    const bodyHash = sha256(canonicalJson(body ?? null));
    await this.sweep();
    const claimed = await this.db.query(
      `INSERT INTO idempotency_keys (scope_hash, body_hash) VALUES ($1, $2) ON CONFLICT (scope_hash) DO NOTHING RETURNING 1`,
      [scopeHash, bodyHash],
    );
    if (claimed.length === 0) {
      const [row] = await this.db.query<{
        body_hash: string;
        status: number | null;
        response: StoredAnswer | null;
      }>('SELECT body_hash, status, response FROM idempotency_keys WHERE scope_hash = $1', [scopeHash]);
      if (row && row.body_hash !== bodyHash) {
        throw new ApiError(409, 'idempotency_key_reused', 'This Idempotency-Key was used with another body.');
      }
      if (row?.response) return row.response;
      const takenOver = await this.db.query(
        `UPDATE idempotency_keys SET created_at = now()
          WHERE scope_hash = $1 AND status IS NULL AND created_at < now() - make_interval(secs => $2) RETURNING 1`,
        [scopeHash, IN_FLIGHT_TIMEOUT_SECONDS],
      );
      if (takenOver.length === 0) {
        throw new ApiError(
          409,
          'idempotency_key_in_flight',
          'A request with this Idempotency-Key is still being handled.',
          undefined,
          1,
        );
      }
    }
    let answer: StoredAnswer;
    try {
      answer = await work();
    } catch (error) {
      if (error instanceof ApiError && error.status < 500 && error.status !== 429) {
        answer = { status: error.status, body: error.toBody() };
      } else {
        await this.db.query('DELETE FROM idempotency_keys WHERE scope_hash = $1', [scopeHash]);
        throw error;
      }
    }
    if (answer.status >= 500 || answer.status === 429) {
      await this.db.query('DELETE FROM idempotency_keys WHERE scope_hash = $1', [scopeHash]);
    } else {
      // The command's events are stored: its answer stands even if keeping it fails (the store went
      // away); a retry then meets the key in flight, and after IN_FLIGHT_TIMEOUT_SECONDS decides again.
      await this.db
        .query('UPDATE idempotency_keys SET status = $2, response = $3::jsonb WHERE scope_hash = $1', [
          scopeHash,
          answer.status,
          JSON.stringify(answer),
        ])
        .catch(() => undefined);
    }
    return answer;
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < 600_000) return;
    this.lastSweep = now;
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [RETENTION_HOURS],
    );
  }
}
