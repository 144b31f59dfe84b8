import type { Brand } from './brand';
import type { Instant } from './instant';
import { toMillis } from './instant';
import { err, ok, type Result } from './result';

/** A calendar date `YYYY-MM-DD` with no time zone of its own; in numlink always a date in Asia/Almaty. */
export type LocalDate = Brand<string, 'LocalDate'>;

/** Asia/Almaty has kept UTC+5 all year since 1 March 2024. */
export const ALMATY_OFFSET_MINUTES = 5 * 60;

export function parseLocalDate(text: string): Result<LocalDate, 'invalid_date'> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return err('invalid_date');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return err('invalid_date');
  }
  return ok(text as LocalDate);
}

export function localDate(year: number, month: number, day: number): LocalDate {
  return fromUtcMidnight(Date.UTC(year, month - 1, day));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMidnight(utcMidnight(date) + days * 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

export const yearOf = (date: LocalDate): number => Number(date.slice(0, 4));

/** The Asia/Almaty calendar date on which `instant` falls. */
export function almatyDateOf(instant: Instant): LocalDate {
  return fromUtcMidnight(toMillis(instant) + ALMATY_OFFSET_MINUTES * 60_000);
}

/** The instant at which `date` ends in Asia/Almaty (24:00 local, i.e. the next day's 00:00). */
export function endOfAlmatyDay(date: LocalDate): Instant {
  return new Date(utcMidnight(date) + 86_400_000 - ALMATY_OFFSET_MINUTES * 60_000).toISOString() as Instant;
}

function utcMidnight(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** The UTC calendar date of `ms` (callers shift by the Almaty offset first where they mean local time). */
function fromUtcMidnight(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10) as LocalDate;
}
