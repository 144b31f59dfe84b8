import { hash } from 'node:crypto';
import {
  RateLimiter,
  type RateLimitDecision,
  type RateLimitWindow,
} from '../../application/ports/rate-limiter';
import type { Logger } from '../observability/logger';
import type { Migration } from '../sql/migrations';
import { asDefaultSqlCaller, asSqlCaller } from '../sql/sql-caller';
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
  {
    id: 'rate-limits/002-take-in-one-statement',
    sql: `
-- Takes one use from every window (keys hashed, bounds in epoch milliseconds), or from none: answers
-- the index (1-based) of the first window past its limit, NULL when every use was taken. Rows are
-- taken in key order, so two requests sharing windows never wait for each other in a circle.
CREATE FUNCTION numlink_take_rate_limit(
  p_keys text[], p_starts double precision[], p_ends double precision[], p_limits integer[])
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_full integer;
  v_used integer;
  i integer;
BEGIN
  FOR i IN SELECT k.o FROM unnest(p_keys) WITH ORDINALITY AS k(key, o) ORDER BY k.key, k.o LOOP
    INSERT INTO rate_limit_windows AS w (key_hash, starts_at, ends_at, used)
    VALUES (p_keys[i], to_timestamp(p_starts[i] / 1000), to_timestamp(p_ends[i] / 1000), 1)
    ON CONFLICT (key_hash, starts_at) DO UPDATE SET used = w.used + 1
    RETURNING w.used INTO v_used;
    IF v_used > p_limits[i] AND (v_full IS NULL OR i < v_full) THEN
      v_full := i;
    END IF;
  END LOOP;
  IF v_full IS NOT NULL THEN
    UPDATE rate_limit_windows w SET used = w.used - 1
      FROM unnest(p_keys, p_starts) AS k(key, starts)
     WHERE w.key_hash = k.key AND w.starts_at = to_timestamp(k.starts / 1000);
  END IF;
  RETURN v_full;
END;
$$;`,
  },
  {
    id: 'rate-limits/003-give-back',
    sql: `
-- Gives back one use of every window (keys hashed, starts in epoch milliseconds): what a full window
-- does to the uses just taken, and what an append that wrote nothing does (numlink_append_within_limits).
CREATE FUNCTION numlink_give_back_rate_limit(p_keys text[], p_starts double precision[])
RETURNS void
LANGUAGE sql AS $$
  UPDATE rate_limit_windows w SET used = w.used - 1
    FROM unnest(p_keys, p_starts) AS k(key, starts)
   WHERE w.key_hash = k.key AND w.starts_at = to_timestamp(k.starts / 1000);
$$;

CREATE OR REPLACE FUNCTION numlink_take_rate_limit(
  p_keys text[], p_starts double precision[], p_ends double precision[], p_limits integer[])
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_full integer;
  v_used integer;
  i integer;
BEGIN
  FOR i IN SELECT k.o FROM unnest(p_keys) WITH ORDINALITY AS k(key, o) ORDER BY k.key, k.o LOOP
    INSERT INTO rate_limit_windows AS w (key_hash, starts_at, ends_at, used)
    VALUES (p_keys[i], to_timestamp(p_starts[i] / 1000), to_timestamp(p_ends[i] / 1000), 1)
    ON CONFLICT (key_hash, starts_at) DO UPDATE SET used = w.used + 1
    RETURNING w.used INTO v_used;
    IF v_used > p_limits[i] AND (v_full IS NULL OR i < v_full) THEN
      v_full := i;
    END IF;
  END LOOP;
  IF v_full IS NOT NULL THEN
    PERFORM numlink_give_back_rate_limit(p_keys, p_starts);
  END IF;
  RETURN v_full;
END;
$$;`,
  },
  {
    id: 'rate-limits/004-lock-windows-in-key-order',
    sql: `
-- Locks the windows of every key (hashed) for the transaction, in key order, before any row: a
-- statement that takes uses of several requests' windows (numlink_append_group) takes their rows in
-- the requests' order, not in key order, so without these locks two statements sharing two windows
-- could each hold the row the other waits for, and wait a second for the deadlock detector.
CREATE FUNCTION numlink_lock_rate_limit_windows(p_keys text[])
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_key text;
BEGIN
  FOR v_key IN SELECT DISTINCT k FROM unnest(p_keys) AS k ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended('rate-limit:' || v_key, 0));
  END LOOP;
END;
$$;

-- The take as 003 wrote it keeps its rows' work under another name; the take locks the windows first.
ALTER FUNCTION numlink_take_rate_limit(text[], double precision[], double precision[], integer[])
  RENAME TO numlink_take_rate_limit_rows;

CREATE FUNCTION numlink_take_rate_limit(
  p_keys text[], p_starts double precision[], p_ends double precision[], p_limits integer[])
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM numlink_lock_rate_limit_windows(p_keys);
  RETURN numlink_take_rate_limit_rows(p_keys, p_starts, p_ends, p_limits);
END;
$$;`,
  },
];

/** Windows that have ended are deleted at most this often. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Fixed-window counters in PostgreSQL. One statement (`numlink_take_rate_limit`) takes a use from
 * every window, or from none: each window's row is upserted under its row lock, and when one is past
 * its limit the uses just taken are given back before the locks are released, so no concurrent request
 * slips past and none sees a use that was not kept. Keys are stored hashed (they hold IINs). Windows
 * that have ended are swept once a minute, after the request's commit.
 */
export class PostgresRateLimiter extends RateLimiter {
  private lastSweep = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly logger: Logger,
  ) {
    super();
  }

  consume(windows: readonly RateLimitWindow[], now: number): Promise<RateLimitDecision> {
    return asDefaultSqlCaller('rate_limit', () => this.take(windows, now));
  }

  private async take(windows: readonly RateLimitWindow[], now: number): Promise<RateLimitDecision> {
    if (windows.length === 0) return { allowed: true };
    const { keys, starts, ends, limits } = rateLimitArrays(windows);
    const [row] = await this.db.query<{ full: number | null }>(
      'SELECT numlink_take_rate_limit($1::text[], $2::double precision[], $3::double precision[], $4::integer[]) AS full',
      [keys, starts, ends, limits],
    );
    this.sweepIfDue(now);
    return rateLimitDecision(windows, row?.full, now);
  }

  /**
   * Once a minute, sweeps the windows ended before `now`: in a transaction of its own once the
   * request's has committed, so the request never holds the swept rows' locks, and a failed sweep
   * neither fails it nor rolls it back. Called by whatever has just taken uses.
   */
  sweepIfDue(now: number): void {
    if (now - this.lastSweep <= SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.db.afterCommit(() => void this.sweep(now));
  }

  /** Deletes the windows ended before `now`; a failure is only logged (a later sweep takes them). */
  private async sweep(now: number): Promise<void> {
    try {
      await asSqlCaller('rate_limit_sweep', () =>
        this.db.query(
          'DELETE FROM rate_limit_windows WHERE ends_at < to_timestamp($1::double precision / 1000)',
          [now],
        ),
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'rate-limit sweep of ended windows failed; a later sweep retries');
    }
  }
}

/** Windows as `numlink_take_rate_limit` takes them: keys hashed (they hold IINs), bounds in epoch ms. */
export interface RateLimitArrays {
  readonly keys: string[];
  readonly starts: number[];
  readonly ends: number[];
  readonly limits: number[];
}

export function rateLimitArrays(windows: readonly RateLimitWindow[]): RateLimitArrays {
  return {
    keys: windows.map((window) => hashKey(window.key)),
    starts: windows.map((window) => window.startsAt),
    ends: windows.map((window) => window.endsAt),
    limits: windows.map((window) => window.limit),
  };
}

/** The decision for the window `numlink_take_rate_limit` found full (1-based index), or for none. */
export function rateLimitDecision(
  windows: readonly RateLimitWindow[],
  full: number | null | undefined,
  now: number,
): RateLimitDecision {
  const window = full == null ? undefined : windows[full - 1];
  if (!window) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)) };
}

const hashKey = (key: string) => hash('sha256', key, 'hex');
