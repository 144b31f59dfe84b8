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
  const text = message(error.code, language, params);
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
