import type { Refusal } from '../../domain/shared/refusal';
import { message } from '../../application/messages/messages';
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
  // SPEC §8: the responders are down; Retry-After from the refusal's details.
  revocation_unavailable: 503,
  // SPEC §8: refusals of the signer certificate's kind, each its own code.
  certificate_not_for_signing: 422,
  not_an_individual: 422,
  signer_is_ca: 422,
};

/** The codes with a status of their own (the catalogue test reads them). */
export const CODES_WITH_STATUS: readonly string[] = Object.keys(STATUS);

export const REFUSAL_STATUS_OF = (code: string): number => STATUS[code] ?? 422;

/** Annex 5: a motivated refusal as the API answers it. */
export function refusalToApiError(refusal: Refusal): ApiError {
  const status = REFUSAL_STATUS_OF(refusal.code);
  const details = refusal.details;
  const retryAfter = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined;
  return new ApiError(
    status,
    refusal.code,
    // The English text; the error filter answers in the negotiated language (SPEC §9).
    message(refusal.code, 'en', details) ?? refusal.code.replace(/_/g, ' '),
    details,
    status === 429 ? (retryAfter ?? 60) : retryAfter,
  );
}
