import type { NumberConfirmed } from '../../domain/number-request/events';
import { reactionTo } from '../command-context';
import type { Clock } from '../ports/clock';
import type { EventStore, RecordedEvent } from '../ports/event-store';
import { SYSTEM_ACTOR } from '../system-actor';
import { tracedReaction } from '../tracing';
import { completeConnection } from './complete-connection';

export const CONNECTION_EVENT_TYPES = ['NumberConfirmed'] as const;

const PARALLEL_LANES = 8;

/**
 * Follows `NumberConfirmed` in the global order and completes each connection. The confirmation
 * handler does it at once; this finishes what a crash left half done (no event without its effects).
 */
export class ConnectionCompleter {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /**
   * One number's confirmations are completed in their order; different numbers side by side (their
   * streams are disjoint but for the accounts, whose appends are decided on fresh state anyway).
   */
  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const byPhone = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      if (event.type !== 'NumberConfirmed') continue;
      const phone = (event.data as NumberConfirmed['data']).phone;
      byPhone.set(phone, [...(byPhone.get(phone) ?? []), event]);
    }
    const lanes = [...byPhone.values()];
    const worker = async () => {
      for (let lane = lanes.shift(); lane; lane = lanes.shift()) {
        for (const event of lane) {
          await tracedReaction(
            'reaction.CompleteConnection',
            event.metadata,
            { 'numlink.event_id': event.eventId },
            () =>
              completeConnection(
                this.store,
                event.data as NumberConfirmed['data'],
                reactionTo(event, SYSTEM_ACTOR),
                this.clock.now(),
              ),
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_LANES, lanes.length) }, worker));
  }
}
