import type { WorkingCalendar } from '../../../src/domain/calendar/working-calendar';
import { addDays, dayOfWeek, type LocalDate } from '../../../src/domain/shared/local-date';

/**
 * A small calendar of the tests' own, so the complaint cases do not depend on the real calendar data:
 * Saturdays and Sundays off, plus the listed days off.
 */
export function testWorkingCalendar(daysOff: readonly string[]): WorkingCalendar {
  const off = new Set(daysOff);
  const isWorkingDay = (date: LocalDate) => dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6 && !off.has(date);
  return {
    isWorkingDay,
    workingDaysAfter(date, n) {
      let day = date;
      for (let counted = 0; counted < n;) {
        day = addDays(day, 1);
        if (isWorkingDay(day)) counted += 1;
      }
      return day;
    },
  };
}

/** 2026: Mon 9 March (8 March fell on a Sunday), Nauryz moved to Mon 23 - Wed 25 March, 1 May. */
export const calendar = testWorkingCalendar([
  '2026-03-09',
  '2026-03-23',
  '2026-03-24',
  '2026-03-25',
  '2026-05-01',
]);
