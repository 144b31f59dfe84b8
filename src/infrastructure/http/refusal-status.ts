import type { Refusal } from '../../domain/shared/refusal';
import { NUMBER_REQUEST_REFUSAL_REASONS } from '../../domain/number-request/number-request-refusal';
import { ApiError } from './api-error';

/** The HTTP status of each refusal code (SPEC §4); any code not listed is a 422 refusal. */
const STATUS: Readonly<Record<string, number>> = {
  invalid_iin: 400,
  invalid_phone: 400,
  validation_failed: 400,
  not_found: 404,
  complaint_not_found: 404,
  complaint_already_recorded: 409,
  complaint_already_forwarded: 409,
  complaint_already_decided: 409,
  complaint_already_registered: 409,
  complaint_already_appealed_to_court: 409,
  request_completed: 409,
  request_already_exists: 409,
  number_already_connected: 409,
  idempotency_key_reused: 409,
  request_expired: 410,
  rate_limited: 429,
  resend_too_soon: 429,
  // SPEC §8: refusals of the signer certificate's kind, each its own code.
  certificate_not_for_signing: 422,
  not_an_individual: 422,
  signer_is_ca: 422,
};

const MESSAGES: Readonly<Record<string, string>> = {
  ...NUMBER_REQUEST_REFUSAL_REASONS,
  invalid_iin: 'The IIN must be 12 digits with a valid check digit.',
  invalid_phone: 'The number must be a Kazakhstan mobile number (+7 7XX XXX XX XX).',
  not_an_individual:
    'The service is for individuals only; this is a business identification number (Rules §3).',
  rate_limited: 'Too many one-time passwords; try again later.',
  complaint_not_found: 'No such complaint.',
  invalid_chronology: 'The instant lies before the complaint reached the body.',
  not_filed_with_service_provider:
    'Only a complaint filed with the service provider is forwarded (Rules §10).',
  not_a_considering_body: 'A complaint is forwarded to a body considering it, not to the service provider.',
  complaint_not_with_body: 'The complaint has not reached this body (filed, forwarded or registered there).',
  court_appeal_premature:
    'An appeal to the court is allowed after the pre-trial appeal has a decision (Rules §10).',
};

/** Annex 5: a motivated refusal as the API answers it. */
export function refusalToApiError(refusal: Refusal): ApiError {
  const status = STATUS[refusal.code] ?? 422;
  const details = refusal.details;
  const retryAfter = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined;
  const message = MESSAGES[refusal.code] ?? refusal.code.replace(/_/g, ' ');
  return new ApiError(
    status,
    refusal.code,
    message,
    details,
    status === 429 ? (retryAfter ?? 60) : retryAfter,
  );
}
