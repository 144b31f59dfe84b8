import { EventEmitter } from 'node:events';
import {
  EventStore,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
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
    if (events.length === 0) throw new Error('append needs at least one event');
    return traced('eventStore.append', { 'numlink.event_count': events.length }, async () => {
      const result = await this.appendEvents(streamId, events, expected);
      if (!result.duplicate) this.appended.emit('appended');
      return result;
    });
  }

  protected abstract appendEvents(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
}
