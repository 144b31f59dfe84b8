import { isPast } from '../shared/instant';
import { accept, type Decision } from '../shared/refusal';
import type { ExpireRequest } from './number-request-commands';
import type { NumberRequestEvent } from './number-request-events';
import { requestExpired } from './number-request-facts';
import type { NumberRequestState } from './number-request-state';

/**
 * Annex 3, SPEC R10: the sweeper records the expiry of an open request once its term has passed; on any
 * other request it records nothing. At the exact end of the term the request is still open, as for a
 * confirmation (`isPast`).
 */
export function expireRequest(
  command: ExpireRequest,
  state: NumberRequestState,
): Decision<NumberRequestEvent> {
  if (state.status !== 'otp_sent' || !isPast(state.expiresAt, command.at)) return accept();
  return accept(requestExpired(state, command.at));
}
