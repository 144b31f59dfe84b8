import { refuse, type Decision } from '../shared/refusal';
import type { NumberRequestEvent } from './number-request-events';
import type { ClosedRequest, NoRequest, RefusedAtIntake } from './number-request-state';

/**
 * The answer to a resend or a confirmation of a request that can no longer change. A refused request
 * keeps answering its refusal, so after `attempts_exceeded` nothing succeeds (Rules §9).
 */
export function closedRequestAnswer(
  state: NoRequest | RefusedAtIntake | ClosedRequest,
): Decision<NumberRequestEvent> {
  switch (state.status) {
    case 'none':
      return refuse('not_found');
    case 'connected':
      return refuse('request_completed');
    case 'expired':
      return refuse('request_expired');
    case 'refused':
      return state.refusal.code === 'attempts_exceeded'
        ? refuse('attempts_exceeded', { attemptsLeft: 0 })
        : refuse(state.refusal.code);
  }
}
