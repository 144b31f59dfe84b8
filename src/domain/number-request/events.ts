import type { Channel } from '../shared/channel';
import type { DomainEvent } from '../shared/domain-event';
import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Language } from '../shared/language';
import type { Msisdn } from '../shared/msisdn';
import type { NumberRequestLimits, Purpose, SignatureEvidence } from './commands';

/** Why a new request is refused at intake (SPEC §4 "Order of checks"; Annex 9). */
export type IntakeRefusalCode =
  | 'consent_missing'
  | 'identity_not_verified'
  | 'number_already_connected'
  | 'same_number'
  | 'no_number_connected';

/**
 * Why an EDS signature does not confirm (SPEC R16, §8): only an individual's signing certificate may,
 * so an authentication certificate, a legal entity's and a CA's each have their own code.
 */
export type SignatureFailureCode =
  | 'signature_invalid'
  | 'certificate_untrusted'
  | 'signer_mismatch'
  | 'certificate_not_for_signing'
  | 'not_an_individual'
  | 'signer_is_ca';

/** Why a confirmation fails and counts as an attempt (Rules §9). */
export type ConfirmationFailureCode =
  | 'otp_expired'
  | 'otp_invalid'
  | 'signature_required'
  | SignatureFailureCode
  | 'biometric_required'
  | 'biometric_failed';

/** The codes a request's stream can record in `RequestRefused`: intake refusals and exhausted attempts. */
export type RequestRefusalCode = IntakeRefusalCode | 'attempts_exceeded';

/** Every code the number-request decider refuses with. */
export type NumberRequestRefusalCode =
  | RequestRefusalCode
  | ConfirmationFailureCode
  | 'not_found'
  | 'request_already_exists'
  | 'request_completed'
  | 'request_expired'
  | 'resend_too_soon'
  | 'rate_limited'
  | 'revocation_unavailable';

/** The factor that must accompany the one-time password. */
export type SecondFactor = 'signature' | 'biometric';

/** What every request event says about the request it belongs to. */
export interface RequestFacts {
  readonly requestId: string;
  readonly iin: Iin;
  readonly phone: Msisdn;
  readonly purpose: Purpose;
  readonly channel: Channel;
  readonly principal: string;
}

/** Annex 9.2 (SPEC R4): the consent, its text version, channel and time. */
export type ConsentRecorded = DomainEvent<
  'ConsentRecorded',
  {
    readonly requestId: string;
    readonly iin: Iin;
    readonly textVersion: string;
    readonly channel: Channel;
    readonly principal: string;
    readonly at: Instant;
  }
>;

/**
 * A code sent by SMS. The first one opens the request; a resend records another with the next
 * `sendNumber`, and only the latest code is valid. The code itself is never here: only its keyed hash
 * and the code sealed for the SMS dispatcher (SPEC R13, R15).
 */
export type OtpIssued = DomainEvent<
  'OtpIssued',
  RequestFacts & {
    readonly otpHash: string;
    readonly otpSealed: string;
    readonly otpExpiresAt: Instant;
    /** The end of the request's service term (Annex 3). */
    readonly expiresAt: Instant;
    readonly sendNumber: number;
    readonly issuedAt: Instant;
    readonly limits: NumberRequestLimits;
    /** Present when the confirmation needs an EDS signature (SPEC R16). */
    readonly dataToSign?: string;
    /** SPEC §9: the SMS language; absent in events recorded before it existed (the configured default). */
    readonly language?: Language;
  }
>;

/**
 * The request's citizen and number, named by every event of the request so the audit trail finds it
 * by either (issue 9). Absent from the events recorded before they were added; the audit trail finds
 * those through their request's stream.
 */
export interface RequestSearchKeys {
  readonly iin?: Iin;
  readonly phone?: Msisdn;
}

/** Rules §9: a failed confirmation, counted against the request. */
export type OtpConfirmationFailed = DomainEvent<
  'OtpConfirmationFailed',
  RequestSearchKeys & {
    readonly requestId: string;
    readonly code: ConfirmationFailureCode;
    readonly reason?: string;
    readonly attemptsLeft: number;
    readonly at: Instant;
  }
>;

/** Annex 5: a motivated refusal of the request. */
export type RequestRefused = DomainEvent<
  'RequestRefused',
  RequestFacts & { readonly code: RequestRefusalCode; readonly reason: string; readonly at: Instant }
>;

/** Annex 3: the term passed without a confirmation. `at` is when the expiry was recorded. */
export type RequestExpired = DomainEvent<
  'RequestExpired',
  RequestSearchKeys & { readonly requestId: string; readonly expiresAt: Instant; readonly at: Instant }
>;

/** Rules §5-8: possession proven; the application now connects the number (see phone-holder, number-link). */
export type NumberConfirmed = DomainEvent<
  'NumberConfirmed',
  RequestFacts & {
    readonly secondFactor: SecondFactor;
    readonly confirmedAt: Instant;
    /** The EDS evidence: certificate, verified timestamp, revocation status (SPEC §8). */
    readonly signature?: SignatureEvidence;
  }
>;

export type NumberRequestEvent =
  ConsentRecorded | OtpIssued | OtpConfirmationFailed | RequestRefused | RequestExpired | NumberConfirmed;

export const NUMBER_REQUEST_EVENT_SCHEMA_VERSIONS: Readonly<Record<NumberRequestEvent['type'], number>> = {
  ConsentRecorded: 1,
  OtpIssued: 1,
  OtpConfirmationFailed: 1,
  RequestRefused: 1,
  RequestExpired: 1,
  NumberConfirmed: 1,
};

/** Rules §7: the number a bank holds is the one connected to the account; nothing changes. */
export type BankNumberMatched = DomainEvent<
  'BankNumberMatched',
  {
    readonly checkId: string;
    readonly iin: Iin;
    readonly phone: Msisdn;
    readonly bankId: string;
    readonly principal: string;
    readonly at: Instant;
  }
>;

export type BankCheckEvent = ConsentRecorded | BankNumberMatched;

export const BANK_CHECK_EVENT_SCHEMA_VERSIONS: Readonly<Record<BankNumberMatched['type'], number>> = {
  BankNumberMatched: 1,
};
