import type { Instant } from '../shared/instant';
import type { Language } from '../shared/language';
import type { RequestFacts } from './number-request-events';
import type { NumberRequestLimits } from './number-request-limits';
import type { RequestRefusalCode } from './number-request-refusal';

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
