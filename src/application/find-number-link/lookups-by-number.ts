import { toMillis, type Instant } from '../../domain/shared/instant';
import type { RateLimitWindow } from '../ports/rate-limiter';

const MINUTE_MS = 60_000;

/**
 * Issue 9 item 8: a channel learns whose account holds a number at most N times per clock minute, so
 * that it cannot harvest the register of numbers. Counted per principal.
 */
export function lookupsByNumberWindow(principal: string, at: Instant, perMinute: number): RateLimitWindow {
  const startsAt = Math.floor(toMillis(at) / MINUTE_MS) * MINUTE_MS;
  return { key: `lookups-by-number:${principal}`, limit: perMinute, startsAt, endsAt: startsAt + MINUTE_MS };
}
