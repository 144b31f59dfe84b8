import type { StreamAppend } from '../../../application/ports/event-store';
import { LimitedAppender, type LimitedAppend } from '../../../application/ports/limited-appender';
import type { RateLimitWindow } from '../../../application/ports/rate-limiter';
import {
  rateLimitArrays,
  rateLimitDecision,
  type PostgresRateLimiter,
} from '../../rate-limit/postgres-rate-limiter';
import type { PostgresEventStore } from './postgres-event-store';

/**
 * SPEC R14 on PostgreSQL and PGlite: the uses taken and the events appended in one autocommit
 * statement (`numlink_append_within_limits`), one round trip instead of BEGIN, two statements and
 * COMMIT. The limiter still sweeps its ended windows once a minute.
 */
export class PostgresLimitedAppender extends LimitedAppender {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly limiter: PostgresRateLimiter,
  ) {
    super(store);
  }

  protected async appendWithin(
    windows: readonly RateLimitWindow[],
    now: number,
    { streamId, events, expected }: StreamAppend,
  ): Promise<LimitedAppend> {
    try {
      const answer = await this.store.appendWithinLimits(
        rateLimitArrays(windows),
        streamId,
        events,
        expected,
      );
      if (!('fullWindow' in answer)) return { allowed: true, result: answer };
      const decision = rateLimitDecision(windows, answer.fullWindow, now);
      if (decision.allowed) throw new Error(`no window ${answer.fullWindow} among ${windows.length}`);
      return decision;
    } finally {
      this.limiter.sweepIfDue(now);
    }
  }
}
