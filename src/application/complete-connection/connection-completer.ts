import type { NumberConfirmed } from '../../domain/number-request/number-request-events';
import { reactionTo } from '../command-context';
import type { Clock } from '../ports/clock';
import type { EventStore, RecordedEvent } from '../ports/event-store';
import { SYSTEM_ACTOR } from '../system-actor';
import { completeConnection } from './complete-connection';

export const CONNECTION_EVENT_TYPES = ['NumberConfirmed'] as const;

/**
 * Follows `NumberConfirmed` in the global order and completes each connection. The confirmation
 * handler does it at once; this finishes what a crash left half done (no event without its effects).
 */
export class ConnectionCompleter {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== 'NumberConfirmed') continue;
      await completeConnection(
        this.store,
        event.data as NumberConfirmed['data'],
        reactionTo(event, SYSTEM_ACTOR),
        this.clock.now(),
      );
    }
  }
}
