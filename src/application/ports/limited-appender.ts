import type { AppendResult, StreamAppend } from './event-store';
import type { RateLimitWindow } from './rate-limiter';

/**
 * SPEC R14: an append that first takes one use from every window; both happen, or neither. A full
 * window appends nothing and takes no use; a refused append (`WrongExpectedRevisionError`,
 * `EventIdConflictError`, thrown) gives the uses back; so does a repeated one (`duplicate`): a
 * retried command is not a second request.
 */
export abstract class LimitedAppender {
  abstract append(
    windows: readonly RateLimitWindow[],
    now: number,
    append: StreamAppend,
  ): Promise<LimitedAppend>;
}

export type LimitedAppend =
  | { readonly allowed: false; readonly retryAfterSeconds: number }
  | { readonly allowed: true; readonly result: AppendResult };
