import type { Refusal } from '../domain/shared/refusal';

/** What a use case answers: its value, or a motivated refusal (Annex 5) with a stable code. */
export type CommandOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: Refusal };

export const succeeded = <T>(value: T): CommandOutcome<T> => ({ ok: true, value });
export const refused = (code: string, details?: Record<string, unknown>): CommandOutcome<never> => ({
  ok: false,
  refusal: details ? { code, details } : { code },
});
