import { isPast } from '../shared/instant';
import { accept, refuse, type Decision } from '../shared/refusal';
import { closedRequestAnswer } from './closed-request-answer';
import { requiredSecondFactor, type SignatureCheck } from './confirmation-factors';
import type { ConfirmNumber } from './number-request-commands';
import type { NumberRequestEvent, OtpConfirmationFailed } from './number-request-events';
import { requestExpired, requestFactsOf, requestRefused, requestSearchKeysOf } from './number-request-facts';
import type { ConfirmationFailureCode } from './number-request-refusal';
import type { NumberRequestState, OpenRequest } from './number-request-state';

type ConfirmationFailure =
  | { readonly code: ConfirmationFailureCode; readonly reason?: string }
  | { readonly code: 'revocation_unavailable'; readonly retryAfterSeconds: number };

/**
 * Rules §5-9: the number is confirmed only by the latest code, in time, with the channel's second
 * factor. Every failure counts as an attempt; the one that uses the last attempt answers its own code
 * with `attemptsLeft: 0` and refuses the request, so every later one is `attempts_exceeded`.
 */
export function confirmNumber(
  command: ConfirmNumber,
  state: NumberRequestState,
): Decision<NumberRequestEvent> {
  if (state.status !== 'otp_sent') return closedRequestAnswer(state);
  // Annex 3: past the ten-minute term nothing can be confirmed.
  if (isPast(state.expiresAt, command.at)) {
    return refuse('request_expired', undefined, requestExpired(state, command.at));
  }
  const failure = firstFailure(command, state);
  // SPEC §8: an unreachable revocation responder is an infrastructure fault; the attempt is not counted.
  if (failure?.code === 'revocation_unavailable') {
    return refuse('revocation_unavailable', { retryAfterSeconds: failure.retryAfterSeconds });
  }
  if (failure) return failedAttempt(state, failure, command);
  const evidence = command.signature?.status === 'valid' ? command.signature.evidence : undefined;
  return accept({
    type: 'NumberConfirmed',
    data: {
      ...requestFactsOf(state),
      secondFactor: requiredSecondFactor(state.purpose, state.channel),
      confirmedAt: command.at,
      ...(evidence === undefined ? {} : { signature: evidence }),
    },
  });
}

/** SPEC §8: a verified timestamp's genTime is the signing time, and it must fall within the request's term. */
function timestampOutsideTerm(check: SignatureCheck, request: OpenRequest): boolean {
  const genTime = check.status === 'valid' ? check.evidence?.timestamp?.genTime : undefined;
  return (
    genTime !== undefined && (isPast(genTime, request.requestedAt) || isPast(request.expiresAt, genTime))
  );
}

function firstFailure(command: ConfirmNumber, request: OpenRequest): ConfirmationFailure | undefined {
  if (isPast(request.otp.expiresAt, command.at)) return { code: 'otp_expired' };
  if (!command.otpMatches) return { code: 'otp_invalid' };
  if (requiredSecondFactor(request.purpose, request.channel) === 'signature') {
    const signature = command.signature ?? { status: 'missing' };
    if (signature.status === 'missing') return { code: 'signature_required' };
    if (signature.status === 'invalid') return { code: signature.code, reason: signature.reason };
    if (signature.status === 'unavailable')
      return { code: 'revocation_unavailable', retryAfterSeconds: signature.retryAfterSeconds };
    if (timestampOutsideTerm(signature, request))
      return { code: 'signature_invalid', reason: 'timestamp_outside_term' };
    return undefined;
  }
  const biometric = command.biometric ?? { status: 'missing' };
  if (biometric.status === 'missing') return { code: 'biometric_required' };
  if (biometric.status === 'failed') return { code: 'biometric_failed', reason: biometric.reason };
  return undefined;
}

function failedAttempt(
  request: OpenRequest,
  failure: { readonly code: ConfirmationFailureCode; readonly reason?: string },
  command: ConfirmNumber,
): Decision<NumberRequestEvent> {
  const attemptsLeft = Math.max(0, request.attemptsLeft - 1);
  const failed: OtpConfirmationFailed = {
    type: 'OtpConfirmationFailed',
    data: {
      ...requestSearchKeysOf(request),
      requestId: request.requestId,
      code: failure.code,
      ...(failure.reason === undefined ? {} : { reason: failure.reason }),
      attemptsLeft,
      at: command.at,
    },
  };
  const details = failure.reason === undefined ? { attemptsLeft } : { attemptsLeft, reason: failure.reason };
  if (attemptsLeft > 0) return refuse(failure.code, details, failed);
  return refuse<NumberRequestEvent>(
    failure.code,
    details,
    failed,
    requestRefused(request, 'attempts_exceeded', command.at),
  );
}
