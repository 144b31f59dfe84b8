/**
 * The one error shape of the API: `{"error": {"code", "message", "details"}}`. Domain refusals,
 * validation failures and infrastructure faults all end up here, with a stable code.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    /** Seconds for the `Retry-After` header (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): { error: { code: string; message: string; details?: Readonly<Record<string, unknown>> } } {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

export const validationFailed = (message: string, details?: Record<string, unknown>) =>
  new ApiError(400, 'validation_failed', message, details);
export const unauthorized = (reason: 'missing_key' | 'unknown_key' = 'missing_key') =>
  new ApiError(
    401,
    'unauthorized',
    reason === 'missing_key'
      ? 'An API key is required (Authorization: Bearer <key>).'
      : 'This API key is not known to the service (Authorization: Bearer <key>).',
    { reason },
  );
export const forbidden = (message = 'This principal may not do that.', details?: Record<string, unknown>) =>
  new ApiError(403, 'forbidden', message, details);
export const notFound = (what = 'resource') => new ApiError(404, 'not_found', `No such ${what}.`);
