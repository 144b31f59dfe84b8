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

/** Annex 5: a motivated refusal, the human-readable half. */
export const NUMBER_REQUEST_REFUSAL_REASONS: Readonly<Record<NumberRequestRefusalCode, string>> = {
  consent_missing: 'Consent to access limited-access personal data was not given (Annex 9.2).',
  identity_not_verified: 'The identity could not be verified in the state identity registry (Annex 9.1).',
  number_already_connected: 'A number is already connected to this account; change it instead.',
  same_number: 'This number is already the one connected to the account.',
  no_number_connected: 'No number is connected to this account; connect one first.',
  attempts_exceeded: 'The number of confirmation attempts for this request is exhausted (Rules §9).',
  otp_expired: 'The one-time password has expired.',
  otp_invalid: 'The one-time password is wrong (Rules §9).',
  signature_required: 'The request must be signed with an electronic digital signature.',
  signature_invalid: 'The electronic digital signature is not valid for this request.',
  certificate_untrusted: 'The signer certificate is not trusted.',
  signer_mismatch: 'The request is signed by someone other than the citizen.',
  certificate_not_for_signing:
    'The certificate is not a signing certificate (an authentication certificate cannot sign).',
  not_an_individual: "The service is for individuals only; this is a legal entity's certificate (Rules §3).",
  signer_is_ca: 'A certification authority certificate cannot sign a request.',
  biometric_required: 'Biometric authentication is required.',
  biometric_failed: 'Biometric authentication did not pass (Rules §9).',
  not_found: 'No such request.',
  request_already_exists: 'A request with this id already exists.',
  request_completed: 'The request has already been completed.',
  request_expired: 'The ten-minute service term of the request has passed (Annex 3).',
  resend_too_soon: 'A new code can be sent only a while after the last one.',
  rate_limited: 'No more codes can be sent for this request.',
  revocation_unavailable:
    "The signer certificate's revocation status cannot be checked now; try again shortly. The attempt was not counted.",
};
