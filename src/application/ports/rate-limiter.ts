export type RateLimitDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimitWindow {
  /** What is counted (kept only as a hash by adapters). */
  readonly key: string;
  readonly limit: number;
  /** The window's start and end, epoch milliseconds (fixed windows: an Almaty day, a clock hour). */
  readonly startsAt: number;
  readonly endsAt: number;
}

/**
 * Counts uses in fixed windows atomically, so that two concurrent requests cannot both slip past a
 * limit (SPEC R14). `consume` takes one use from every window, or from none.
 */
export abstract class RateLimiter {
  abstract consume(windows: readonly RateLimitWindow[], now: number): Promise<RateLimitDecision>;
}
