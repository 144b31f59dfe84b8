import type { Iin } from '../shared/iin';
import type { Language } from '../shared/language';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';
import type { Channel } from './channel';
import type { BiometricCheck, SignatureCheck } from './confirmation-factors';
import type { NumberRequestLimits } from './number-request-limits';
import type { Purpose } from './purpose';

/** Annex 9.2: the consent as the channel sent it; absent counts as not given. */
export interface Consent {
  readonly given: boolean;
  readonly textVersion: string;
}

/** The state identity registry's answer (Annex 9.1), fetched by the application layer. */
export type IdentityCheck =
  { readonly status: 'verified' } | { readonly status: 'not_verified'; readonly reason: string };

/** A fresh code as the application layer made it: its keyed hash and the code sealed for the SMS. */
export interface PreparedOtp {
  readonly hash: string;
  readonly sealed: string;
}

export interface RequestOtp {
  readonly type: 'RequestOtp';
  readonly requestId: string;
  readonly iin: Iin;
  readonly phone: Msisdn;
  readonly purpose: Purpose;
  readonly channel: Channel;
  readonly principal: string;
  readonly consent: Consent | undefined;
  readonly identity: IdentityCheck;
  /** The number connected to the IIN's account now, or `null`. */
  readonly currentLink: Msisdn | null;
  readonly otp: PreparedOtp;
  readonly at: Instant;
  readonly limits: NumberRequestLimits;
  /** SPEC §9: the citizen's language, for the SMS of this request and its resends. */
  readonly language: Language;
}

export interface ResendOtp {
  readonly type: 'ResendOtp';
  readonly otp: PreparedOtp;
  readonly at: Instant;
}

/**
 * `otpMatches` is the constant-time comparison of the entered code with the latest hash in the state
 * (SPEC R13); the factor checks are the verifiers' answers. An absent factor counts as missing.
 */
export interface ConfirmNumber {
  readonly type: 'ConfirmNumber';
  readonly at: Instant;
  readonly otpMatches: boolean;
  readonly signature?: SignatureCheck;
  readonly biometric?: BiometricCheck;
}

/** The sweeper's command (Annex 3, SPEC R10). */
export interface ExpireRequest {
  readonly type: 'ExpireRequest';
  readonly at: Instant;
}

export type NumberRequestCommand = RequestOtp | ResendOtp | ConfirmNumber | ExpireRequest;
