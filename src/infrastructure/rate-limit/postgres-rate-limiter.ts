import { createHash } from 'node:crypto';
import {
  RateLimiter,
  type RateLimitDecision,
  type RateLimitWindow,
} from '../../application/ports/rate-limiter';
import type { Migration } from '../sql/migrations';
import type { SqlDatabase } from '../sql/sql-database';

export const rateLimitMigrations: readonly Migration[] = [
  {
    id: 'rate-limits/001-windows',
    sql: `
CREATE TABLE rate_limit_windows (
  key_hash text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  used integer NOT NULL,
  PRIMARY KEY (key_hash, starts_at)
);
CREATE INDEX rate_limit_windows_ends_at ON rate_limit_windows (ends_at);`,
  },
];

/**
 * Fixed-window counters in PostgreSQL. One transaction takes a use from every window with a
 * conditional upsert (`used < limit`), which row locks make atomic under concurrency; when any window
 * is full, the transaction rolls back and nothing is taken. Keys are stored hashed (they hold IINs).
 */
export class PostgresRateLimiter extends RateLimiter {
  private lastSweep = 0;

  constructor(private readonly db: SqlDatabase) {
    super();
  }

  async consume(windows: readonly RateLimitWindow[], now: number): Promise<RateLimitDecision> {
    const full = await this.db
      .transaction(async (tx) => {
        for (const window of windows) {
          const rows = await tx.query(
            `INSERT INTO rate_limit_windows AS w (key_hash, starts_at, ends_at, used)
             VALUES ($1, to_timestamp($2::double precision / 1000), to_timestamp($3::double precision / 1000), 1)
             ON CONFLICT (key_hash, starts_at) DO UPDATE SET used = w.used + 1 WHERE w.used < $4
             RETURNING used`,
            [hashKey(window.key), window.startsAt, window.endsAt, window.limit],
          );
          if (rows.length === 0 || window.limit < 1) throw new WindowFull(window);
        }
        return undefined;
      })
      .catch((error: unknown) => {
        if (error instanceof WindowFull) return error.window;
        throw error;
      });
    if (now - this.lastSweep > 60_000) {
      this.lastSweep = now;
      await this.db.query(
        'DELETE FROM rate_limit_windows WHERE ends_at < to_timestamp($1::double precision / 1000)',
        [now],
      );
    }
    if (!full) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((full.endsAt - now) / 1000)) };
  }
}

class WindowFull extends Error {
  constructor(readonly window: RateLimitWindow) {
    super('rate limit window full');
  }
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
