import type { CitedRequest } from '../../domain/complaint/commands';
import { numberRequestDecider } from '../../domain/number-request/decider';
import { numberRequestStreamId } from '../../domain/number-request/decider';
import { loadStream } from '../decider';
import type { EventStore } from '../ports/event-store';

/** The facts of the request a complaint cites, from the request's own stream; undefined when none. */
export async function findCitedRequest(
  store: EventStore,
  requestId: string,
): Promise<CitedRequest | undefined> {
  const { state } = await loadStream(store, numberRequestStreamId(requestId), numberRequestDecider);
  if (state.status === 'none') return undefined;
  return { requestId, iin: state.iin, principal: state.principal };
}
