import { dayOfWeek, type LocalDate } from '../shared/local-date';

/** SPEC §3: Saturday and Sunday are days off. */
export function isWeekend(date: LocalDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}
