import { earliest, isPast, plusSeconds, toMillis, type Instant } from '../shared/instant';
import { accept, refuse, type Decision } from '../shared/refusal';
import { closedRequestAnswer } from './closed-request-answer';
import type { ResendOtp } from './number-request-commands';
import type { NumberRequestEvent } from './number-request-events';
import { requestExpired, requestFactsOf } from './number-request-facts';
import type { NumberRequestState } from './number-request-state';

/**
 * SPEC R14: a new code no sooner than the cooldown after the last send and at most the request's
 * number of sends. The new code replaces the old one; the attempts already used stay used.
 */
export function resendOtp(command: ResendOtp, state: NumberRequestState): Decision<NumberRequestEvent> {
  if (state.status !== 'otp_sent') return closedRequestAnswer(state);
  if (isPast(state.expiresAt, command.at)) {
    return refuse('request_expired', undefined, requestExpired(state, command.at));
  }
  const { limits, otp } = state;
  // Waiting never helps this request again: retry after its term, with a new request.
  if (otp.sendNumber >= limits.maxSendsPerRequest) {
    return refuse('rate_limited', {
      retryAfterSeconds: secondsUntil(state.expiresAt, command.at),
      limit: 'sends_per_request',
    });
  }
  const nextSendAt = plusSeconds(otp.sentAt, limits.resendCooldownSeconds);
  if (command.at < nextSendAt) {
    return refuse('resend_too_soon', { retryAfterSeconds: secondsUntil(nextSendAt, command.at) });
  }
  return accept({
    type: 'OtpIssued',
    data: {
      ...requestFactsOf(state),
      otpHash: command.otp.hash,
      otpSealed: command.otp.sealed,
      otpExpiresAt: earliest(plusSeconds(command.at, limits.otpTtlSeconds), state.expiresAt),
      expiresAt: state.expiresAt,
      sendNumber: otp.sendNumber + 1,
      issuedAt: command.at,
      limits,
      ...(state.dataToSign === undefined ? {} : { dataToSign: state.dataToSign }),
      // SPEC §9: a resend speaks the language the request was opened in.
      ...(state.language === undefined ? {} : { language: state.language }),
    },
  });
}

/** Whole seconds, rounded up and at least one, as `Retry-After` wants them. */
function secondsUntil(later: Instant, now: Instant): number {
  return Math.max(1, Math.ceil((toMillis(later) - toMillis(now)) / 1000));
}
