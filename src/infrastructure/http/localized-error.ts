import { message } from '../../application/messages/messages';
import type { Language } from '../../domain/shared/language';
import type { ApiError } from './api-error';

export interface ErrorBody {
  readonly error: { code: string; message: string; details?: Readonly<Record<string, unknown>> };
}

/**
 * Annex 5 and SPEC §9: the answer to an error in the negotiated language. The message comes from the
 * catalogue by code, its placeholders filled from `details` (and `Retry-After`); `details` stay
 * language-neutral, so a channel can localize on its own. A validation failure keeps its specific
 * English diagnostic in `details.reason`, as `certificate_untrusted` does (SPEC §4).
 */
export function localizedErrorBody(error: ApiError, language: Language): ErrorBody {
  const params =
    error.retryAfterSeconds === undefined
      ? (error.details ?? {})
      : { retryAfterSeconds: error.retryAfterSeconds, ...error.details };
  const text = message(wordsFor(error), language, params);
  let details = error.details;
  if (
    text !== undefined &&
    error.code === 'validation_failed' &&
    error.message &&
    details?.reason === undefined
  ) {
    details = { ...details, reason: error.message };
  }
  return { error: { code: error.code, message: text ?? error.message, ...(details ? { details } : {}) } };
}

/**
 * Annex 5: a refusal is motivated, so where its reason has words of its own the citizen reads those:
 * a revoked certificate is not "expired or untrusted", a bad timestamp is not a bad signature, a
 * channel's lookups by number are not one-time passwords. The
 * code stays the contract's (`certificate_untrusted`, `signature_invalid`); only the text is narrower.
 */
function wordsFor(error: ApiError): string {
  if (error.code === 'rate_limited' && error.details?.limit === 'lookups_by_number')
    return 'lookups_by_number_limited';
  const reason = error.details?.reason;
  if (typeof reason !== 'string') return error.code;
  if (error.code === 'certificate_untrusted' && reason === 'certificate_revoked') return reason;
  if (error.code === 'signature_invalid' && reason.startsWith('timestamp_')) return 'timestamp_invalid';
  return error.code;
}
