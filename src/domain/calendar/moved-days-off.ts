import { addDays, type LocalDate } from '../shared/local-date';
import { isWeekend } from './is-weekend';
import type { ObservedHoliday } from './observed-holidays';

/**
 * SPEC §3, Law "On holidays" Art. 5: a holiday on a Saturday or Sunday gives the next working day off.
 * Taken in date order, each moved day goes to the first later day that is not a weekend day, not a
 * holiday and not already a moved day off, so Nauryz on Saturday to Monday gives Monday (the holiday
 * itself), Tuesday and Wednesday. Holidays that never move (7 January, Kurban Ait) are skipped.
 * Decree transfers are not considered here: they apply on top.
 */
export function movedDaysOff(holidays: readonly ObservedHoliday[]): readonly LocalDate[] {
  const holidayDates = new Set<string>(holidays.map((holiday) => holiday.date));
  // One date is one day off, however many holidays share it.
  const movingDates = [
    ...new Set(holidays.filter((h) => h.movesWhenOnWeekend && isWeekend(h.date)).map((h) => h.date)),
  ];
  const moved = new Set<LocalDate>();
  for (const date of movingDates.sort()) {
    let candidate = addDays(date, 1);
    while (isWeekend(candidate) || holidayDates.has(candidate) || moved.has(candidate)) {
      candidate = addDays(candidate, 1);
    }
    moved.add(candidate);
  }
  return [...moved].sort();
}
