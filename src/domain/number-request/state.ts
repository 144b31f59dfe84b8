import type { Instant } from '../shared/instant';
import type { Language } from '../shared/language';
import type { NumberRequestLimits } from './commands';
import type { NumberRequestEvent, RequestFacts, RequestRefusalCode } from './events';

/** The latest code sent; only this one is valid (SPEC §4). */
export interface LatestOtp {
  readonly hash: string;
  readonly expiresAt: Instant;
  readonly sentAt: Instant;
  readonly sendNumber: number;
}

export interface RequestRefusal {
  readonly code: RequestRefusalCode;
  readonly reason: string;
}

export interface NoRequest {
  readonly status: 'none';
}

/** Refused before any code was sent (consent, identity, the account's number). */
export interface RefusedAtIntake extends RequestFacts {
  readonly status: 'refused';
  readonly otp: null;
  readonly refusal: RequestRefusal;
  readonly requestedAt: Instant;
}

/** What a request that sent a code knows, open or not. */
export interface IssuedRequestFacts extends RequestFacts {
  readonly otp: LatestOtp;
  readonly expiresAt: Instant;
  readonly attemptsLeft: number;
  readonly limits: NumberRequestLimits;
  readonly dataToSign?: string;
  /** SPEC §9: the SMS language the request was opened with (absent in old events). */
  readonly language?: Language;
  readonly requestedAt: Instant;
}

/** Waiting for the confirmation (status `otp_sent` of the API). */
export interface OpenRequest extends IssuedRequestFacts {
  readonly status: 'otp_sent';
}

export interface ConnectedRequest extends IssuedRequestFacts {
  readonly status: 'connected';
  readonly connectedAt: Instant;
}

export interface ExpiredRequest extends IssuedRequestFacts {
  readonly status: 'expired';
}

/** Refused after a code was sent: its attempts are exhausted (Rules §9). */
export interface RefusedRequest extends IssuedRequestFacts {
  readonly status: 'refused';
  readonly refusal: RequestRefusal;
}

export type ClosedRequest = ConnectedRequest | ExpiredRequest | RefusedRequest;

export type NumberRequestState = NoRequest | RefusedAtIntake | OpenRequest | ClosedRequest;

export type NumberRequestStatus = NumberRequestState['status'];

export const initialNumberRequestState: NumberRequestState = { status: 'none' };

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
