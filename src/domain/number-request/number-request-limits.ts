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
