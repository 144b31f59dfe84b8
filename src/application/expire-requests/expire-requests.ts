import { randomUUID } from 'node:crypto';
import { numberRequestDecider } from '../../domain/number-request/decider';
import { numberRequestStreamId } from '../../domain/number-request/decider';
import { newCommandContext } from '../command-context';
import { decideAndAppend } from '../decider';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import type { ExpiringRequests } from '../ports/expiring-requests';
import { SYSTEM_ACTOR } from '../system-actor';

/**
 * Annex 3 (SPEC R10): a request not confirmed within its term expires, and `RequestExpired` is recorded
 * within a minute of it even if no one calls again. Run every few seconds; returns how many expired.
 */
export async function expireRequests(
  store: EventStore,
  clock: Clock,
  expiring: ExpiringRequests,
): Promise<number> {
  const at = clock.now();
  let expired = 0;
  for (const requestId of await expiring.endedBy(at, 500)) {
    const { decision } = await decideAndAppend({
      store,
      streamId: numberRequestStreamId(requestId),
      decider: numberRequestDecider,
      command: () => ({ type: 'ExpireRequest' as const, at }),
      context: newCommandContext(SYSTEM_ACTOR),
      at,
      commandId: `expire:${randomUUID()}`,
    });
    if (decision.events.some((event) => event.type === 'RequestExpired')) expired += 1;
  }
  return expired;
}
