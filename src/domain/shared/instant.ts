import type { Brand } from './brand';
import { err, ok, type Result } from './result';

/**
 * A point in time as an ISO-8601 UTC string with milliseconds (`2026-11-25T10:00:00.000Z`).
 * One fixed format, so two instants compare correctly as strings.
 */
export type Instant = Brand<string, 'Instant'>;

export function instantFromMillis(ms: number): Instant {
  return new Date(ms).toISOString() as Instant;
}

export function toMillis(instant: Instant): number {
  return Date.parse(instant);
}

/** Accepts any ISO-8601 date-time with an offset or `Z`; answers it in the one canonical form. */
export function parseInstant(text: string): Result<Instant, 'invalid_instant'> {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text))
    return err('invalid_instant');
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? err('invalid_instant') : ok(instantFromMillis(ms));
}

export const plusSeconds = (at: Instant, seconds: number): Instant =>
  instantFromMillis(toMillis(at) + seconds * 1000);

export const isBefore = (a: Instant, b: Instant): boolean => a < b;

/** True when `deadline` has passed at `now` (a deadline is still open at its exact instant). */
export const isPast = (deadline: Instant, now: Instant): boolean => now > deadline;

export const earliest = (a: Instant, b: Instant): Instant => (a < b ? a : b);
