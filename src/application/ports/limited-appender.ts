import type { AppendResult, EventStreams, StreamAppend } from './event-store';
import type { RateLimitWindow } from './rate-limiter';

/**
 * SPEC R14: an append that first takes one use from every window; both happen, or neither. A full
 * window appends nothing and takes no use; a refused append (`WrongExpectedRevisionError`,
 * `EventIdConflictError`, thrown) gives the uses back; so does a repeated one (`duplicate`): a
 * retried command is not a second request.
 */
export abstract class LimitedAppender {
  constructor(protected readonly streams: EventStreams) {}

  append(windows: readonly RateLimitWindow[], now: number, append: StreamAppend): Promise<LimitedAppend> {
    if (windows.length > 0) return this.appendWithin(windows, now, append);
    const { streamId, events, expected } = append;
    return this.streams.append(streamId, events, expected).then((result) => ({ allowed: true, result }));
  }

  /** The append, limited by at least one window. */
  protected abstract appendWithin(
    windows: readonly RateLimitWindow[],
    now: number,
    append: StreamAppend,
  ): Promise<LimitedAppend>;
}

export type LimitedAppend =
  | { readonly allowed: false; readonly retryAfterSeconds: number }
  | { readonly allowed: true; readonly result: AppendResult };
