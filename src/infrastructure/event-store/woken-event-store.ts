import { EventEmitter } from 'node:events';
import {
  EventStore,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type StreamAppend,
} from '../../application/ports/event-store';
import { traced } from '../../application/tracing';

/**
 * What every adapter's append shares: the argument check, the trace span, and waking this process's
 * live subscriptions (`appended`, the `wakeUps` of `catchUpSubscription`) once something was written.
 * Adapters write in `appendEvents`.
 */
export abstract class WokenEventStore extends EventStore {
  protected readonly appended = new EventEmitter().setMaxListeners(0);

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.tracedAppend(
      events,
      () => this.appendEvents(streamId, events, expected),
      (result) => !result.duplicate,
    );
  }

  /**
   * The span and the wake-up of `append`, around an adapter's own kind of one-stream append; `wrote`
   * tells from its answer whether anything was written.
   */
  protected tracedAppend<T>(
    events: readonly NewEvent[],
    write: () => Promise<T>,
    wrote: (answer: T) => boolean,
  ): Promise<T> {
    if (events.length === 0) throw new Error('append needs at least one event');
    return traced('eventStore.append', { 'numlink.event_count': events.length }, async () => {
      const answer = await write();
      if (wrote(answer)) this.wake();
      return answer;
    });
  }

  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (appends.length === 0) throw new Error('appendMany needs at least one stream');
    if (appends.some((append) => append.events.length === 0))
      throw new Error('append needs at least one event');
    if (new Set(appends.map((append) => append.streamId)).size !== appends.length)
      throw new Error('appendMany takes each stream once');
    const eventCount = appends.reduce((n, append) => n + append.events.length, 0);
    return traced(
      'eventStore.appendMany',
      { 'numlink.event_count': eventCount, 'numlink.stream_count': appends.length },
      async () => {
        const results = await this.appendManyEvents(appends);
        if (results.some((result) => !result.duplicate)) this.wake();
        return results;
      },
    );
  }

  /** Wakes this process's live subscriptions (once the write is committed, where the store can tell). */
  protected wake(): void {
    this.appended.emit('appended');
  }

  protected abstract appendManyEvents(appends: readonly StreamAppend[]): Promise<AppendResult[]>;

  protected abstract appendEvents(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
}
