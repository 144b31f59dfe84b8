import type { DomainEvent } from '../shared/domain-event';
import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Language } from '../shared/language';
import type { Msisdn } from '../shared/msisdn';
import type { Channel } from './channel';
import type { SecondFactor, SignatureEvidence } from './confirmation-factors';
import type { NumberRequestLimits } from './number-request-limits';
import type { ConfirmationFailureCode, RequestRefusalCode } from './number-request-refusal';
import type { Purpose } from './purpose';

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
