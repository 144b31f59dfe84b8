import type { Instant } from '../shared/instant';
import type {
  RequestExpired,
  RequestFacts,
  RequestRefused,
  RequestSearchKeys,
} from './number-request-events';
import { NUMBER_REQUEST_REFUSAL_REASONS, type RequestRefusalCode } from './number-request-refusal';
import type { OpenRequest } from './number-request-state';

/** The request's own facts out of a command or a state, and nothing else. */
export const requestFactsOf = (source: RequestFacts): RequestFacts => ({
  requestId: source.requestId,
  iin: source.iin,
  phone: source.phone,
  purpose: source.purpose,
  channel: source.channel,
  principal: source.principal,
});

/** Annex 5: the refusal's code with its reason; `detail` (never personal data) refines the reason. */
export function requestRefused(
  facts: RequestFacts,
  code: RequestRefusalCode,
  at: Instant,
  detail?: string,
): RequestRefused {
  const reason = NUMBER_REQUEST_REFUSAL_REASONS[code] + (detail ? ` (${detail})` : '');
  return { type: 'RequestRefused', data: { ...requestFactsOf(facts), code, reason, at } };
}

export const requestExpired = (request: OpenRequest, at: Instant): RequestExpired => ({
  type: 'RequestExpired',
  data: { ...requestSearchKeysOf(request), requestId: request.requestId, expiresAt: request.expiresAt, at },
});

/** The citizen and number every event of the request names (issue 9: the audit trail searches by them). */
export const requestSearchKeysOf = (facts: RequestFacts): Required<RequestSearchKeys> => ({
  iin: facts.iin,
  phone: facts.phone,
});
