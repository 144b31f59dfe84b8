import type { NumberRequestEvent, RequestFacts } from './number-request-events';
import type { NumberRequestState } from './number-request-state';

const factsOf = (facts: RequestFacts): RequestFacts => ({
  requestId: facts.requestId,
  iin: facts.iin,
  phone: facts.phone,
  purpose: facts.purpose,
  channel: facts.channel,
  principal: facts.principal,
});

/** Folds one recorded fact into the request's state. Facts that cannot follow the state leave it as it is. */
export function evolveNumberRequest(
  state: NumberRequestState,
  event: NumberRequestEvent,
): NumberRequestState {
  switch (event.type) {
    case 'ConsentRecorded':
      // Recorded with the request's first event; the decisions never need it again.
      return state;
    case 'OtpIssued': {
      const otp = {
        hash: event.data.otpHash,
        expiresAt: event.data.otpExpiresAt,
        sentAt: event.data.issuedAt,
        sendNumber: event.data.sendNumber,
      };
      if (state.status === 'otp_sent') return { ...state, otp };
      if (state.status !== 'none') return state;
      return {
        status: 'otp_sent',
        ...factsOf(event.data),
        otp,
        expiresAt: event.data.expiresAt,
        attemptsLeft: event.data.limits.maxAttempts,
        limits: event.data.limits,
        ...(event.data.dataToSign === undefined ? {} : { dataToSign: event.data.dataToSign }),
        ...(event.data.language === undefined ? {} : { language: event.data.language }),
        requestedAt: event.data.issuedAt,
      };
    }
    case 'OtpConfirmationFailed':
      return state.status === 'otp_sent' ? { ...state, attemptsLeft: event.data.attemptsLeft } : state;
    case 'RequestRefused': {
      const refusal = { code: event.data.code, reason: event.data.reason };
      if (state.status === 'otp_sent') return { ...state, status: 'refused', refusal };
      if (state.status !== 'none') return state;
      return { status: 'refused', ...factsOf(event.data), otp: null, refusal, requestedAt: event.data.at };
    }
    case 'RequestExpired':
      return state.status === 'otp_sent' ? { ...state, status: 'expired' } : state;
    case 'NumberConfirmed':
      return state.status === 'otp_sent'
        ? { ...state, status: 'connected', connectedAt: event.data.confirmedAt }
        : state;
  }
}
