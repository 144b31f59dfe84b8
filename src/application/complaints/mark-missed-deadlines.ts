import { randomUUID } from 'node:crypto';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { complaintStreamId } from '../../domain/complaint/decider';
import { newCommandContext } from '../command-context';
import { decideAndAppend } from '../decider';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import { SYSTEM_ACTOR } from '../system-actor';
import { tracedReaction } from '../tracing';
import { complaintDecider } from '../../domain/complaint/decider';
import type { PendingDeadlines } from './pending-deadlines';

/** How many complaints one run looks at; the next run takes the rest. */
const BATCH = 500;

/**
 * SPEC §4, R21: a deadline still pending when its due date ends (24:00 Almaty) becomes missed, and the
 * miss is recorded even if no one touches the complaint. Run every few seconds; answers how many
 * deadlines it recorded as missed. A repeat finds nothing to record (the decider skips what is missed).
 */
export async function markMissedDeadlines(
  store: EventStore,
  clock: Clock,
  calendar: WorkingCalendar,
  pending: PendingDeadlines,
): Promise<number> {
  const at = clock.now();
  const decider = complaintDecider(calendar);
  let missed = 0;
  for (const complaintId of await pending.endedBy(at, BATCH)) {
    const streamId = complaintStreamId(complaintId);
    // The miss continues the trace of the complaint's last step (rare: one extra read per miss).
    const last = (await store.readStream(streamId)).at(-1);
    const { decision } = await tracedReaction('reaction.MarkMissedDeadlines', last?.metadata ?? {}, {}, () =>
      decideAndAppend({
        store,
        streamId,
        decider,
        command: () => ({ type: 'MarkMissedDeadlines' as const, complaintId, at }),
        context: newCommandContext(SYSTEM_ACTOR),
        at,
        commandId: `missed-deadlines:${randomUUID()}`,
      }),
    );
    missed += decision.events.length;
  }
  return missed;
}
