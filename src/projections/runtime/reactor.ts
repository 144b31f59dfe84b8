import type { RecordedEvent } from '../../application/ports/event-store';
import type { Projection } from './projection';

/**
 * A process that reacts to events with effects outside the read models (send an SMS, complete a
 * connection), run by the projection runtime for its checkpoint, leadership and restarts. Effects are
 * at least once: a reaction must be idempotent or tolerate a repeat (an SMS may go twice after a crash,
 * never zero times).
 */
export function reactor(
  name: string,
  handles: readonly string[] | 'all',
  handle: (events: readonly RecordedEvent[]) => Promise<void>,
): Projection {
  return { name, handles, migrations: [], tables: [], apply: async () => undefined, react: handle };
}
