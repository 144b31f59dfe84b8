import type { AppendResult, EventStreams, StreamAppend } from '../../application/ports/event-store';
import { LimitedAppender, type LimitedAppend } from '../../application/ports/limited-appender';
import type { RateLimiter, RateLimitWindow } from '../../application/ports/rate-limiter';
import type { UnitOfWork } from '../../application/ports/unit-of-work';

/** Rolls the unit back when the append was a repeat: its uses are given back with it. */
class Repeated extends Error {
  constructor(readonly result: AppendResult) {
    super('a repeated append takes no use');
  }
}

/**
 * The limited append of any store: the uses are taken and the events appended in one unit of work,
 * which rolls back when the append is refused or repeats one already stored (a retried command is
 * not a second request, SPEC R14). With EventStoreDB the append is not in the unit itself, but it
 * is the unit's last step: a failed commit after it is the only way to keep events without uses.
 */
export class UnitOfWorkLimitedAppender extends LimitedAppender {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly limiter: RateLimiter,
    streams: EventStreams,
  ) {
    super(streams);
  }

  protected async appendWithin(
    windows: readonly RateLimitWindow[],
    now: number,
    { streamId, events, expected }: StreamAppend,
  ): Promise<LimitedAppend> {
    try {
      return await this.unitOfWork.run(async (): Promise<LimitedAppend> => {
        const decision = await this.limiter.consume(windows, now);
        if (!decision.allowed) return decision;
        const result = await this.streams.append(streamId, events, expected);
        if (result.duplicate) throw new Repeated(result);
        return { allowed: true, result };
      });
    } catch (error) {
      if (error instanceof Repeated) return { allowed: true, result: error.result };
      throw error;
    }
  }
}
