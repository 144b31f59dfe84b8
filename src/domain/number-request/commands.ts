import type { Channel } from '../shared/channel';
import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Language } from '../shared/language';
import type { Msisdn } from '../shared/msisdn';
import type { SignatureFailureCode } from './events';

/** Connect a first number (Rules §5-7) or change the connected one (Rules §8). */
export type Purpose = 'connect' | 'change';

export const PURPOSES: readonly Purpose[] = ['connect', 'change'];

/**
 * The limits a request lives by (Annex 3, SPEC R14), fixed when it is opened so that a later change of
 * configuration does not alter a request already under way. Per-number and per-IIN rate limits are
 * the application's (they span requests).
 */
export interface NumberRequestLimits {
  readonly otpTtlSeconds: number;
  readonly serviceTermSeconds: number;
  readonly maxAttempts: number;
  readonly resendCooldownSeconds: number;
  readonly maxSendsPerRequest: number;
}

/** SPEC R14 defaults; Annex 3: the service term is ten minutes. */
export const DEFAULT_NUMBER_REQUEST_LIMITS: NumberRequestLimits = {
  otpTtlSeconds: 300,
  serviceTermSeconds: 600,
  maxAttempts: 5,
  resendCooldownSeconds: 60,
  maxSendsPerRequest: 3,
};

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
  /** The number connected to the request's account now, or `null` (another request may have connected one). */
  readonly currentLink: Msisdn | null;
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

/** How the signer certificate was found not revoked at the signing time (SPEC §8). */
export type RevocationEvidence =
  | {
      readonly method: 'ocsp';
      /** The responder's URL. */
      readonly responder: string;
      readonly producedAt: Instant;
      readonly checkedAt: Instant;
      /** The signed OCSP response (BasicOCSPResponse), DER base64: the proof itself. */
      readonly response: string;
    }
  | {
      readonly method: 'crl';
      /** Where the CRL was fetched. */
      readonly source: string;
      readonly crlNumber: string;
      readonly deltaCrlNumber?: string;
      readonly thisUpdate: Instant;
      readonly checkedAt: Instant;
    }
  | {
      /** An external verifier (NCANode) checked it; what it said it checked. */
      readonly method: 'external';
      readonly verifier: string;
      readonly checks: readonly string[];
      readonly checkedAt: Instant;
    };

/** What a valid signature leaves on record with the confirmation (SPEC §8). */
export interface SignatureEvidence {
  /** The signer certificate's serial number, lowercase hex. */
  readonly certificateSerial: string;
  /** A verified TSA timestamp; absent: the time of receipt is the signing time. */
  readonly timestamp?: { readonly genTime: Instant; readonly tsa: string };
  /** Absent when revocation checking is off (development). */
  readonly revocation?: RevocationEvidence;
}

/** The EDS verifier's answer (SPEC R16), prepared by the application layer. */
export type SignatureCheck =
  | { readonly status: 'valid'; readonly evidence?: SignatureEvidence }
  | { readonly status: 'missing' }
  | {
      readonly status: 'invalid';
      readonly code: SignatureFailureCode;
      readonly reason: string;
    }
  /** The certificate's status could not be learned (responders unreachable): not the citizen's fault. */
  | { readonly status: 'unavailable'; readonly reason: string; readonly retryAfterSeconds: number };

/** The biometric token verifier's answer (SPEC R17), prepared by the application layer. */
export type BiometricCheck =
  | { readonly status: 'passed' }
  | { readonly status: 'missing' }
  | { readonly status: 'failed'; readonly reason: string };

/** Rules §7: a bank asks whether the number it holds is the one connected to the account. */
export interface CheckBankNumber {
  readonly type: 'CheckBankNumber';
  readonly checkId: string;
  readonly iin: Iin;
  readonly phone: Msisdn;
  readonly bankId: string;
  readonly principal: string;
  readonly consent: Consent | undefined;
  /** The number connected to the account now, or `null`. */
  readonly currentLink: Msisdn | null;
  readonly at: Instant;
}
