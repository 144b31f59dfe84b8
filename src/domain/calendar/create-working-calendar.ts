import { addDays, localDate, yearOf, type LocalDate } from '../shared/local-date';
import type { CalendarData } from './calendar-data';
import { CalendarNotCoveredError } from './calendar-not-covered-error';
import { isWeekend } from './is-weekend';
import { movedDaysOff } from './moved-days-off';
import { observedHolidays } from './observed-holidays';
import type { WorkingCalendar } from './working-calendar';

/** The working calendar built from data, with what it covers and a listing of its days off. */
export interface KazakhstanWorkingCalendar extends WorkingCalendar {
  /** The years the data covers, ascending; any other year throws `CalendarNotCoveredError`. */
  readonly coveredYears: readonly number[];
  /** Every date of `year` that is not a working day (weekends included), ascending. */
  daysOffIn(year: number): readonly LocalDate[];
}

/**
 * SPEC §3: Saturday and Sunday are off; holidays are off; a holiday on a weekend moves its day off to
 * the next working day (except 7 January and Kurban Ait); then the decree transfers apply on top.
 * All of it is computed once, here, into two sets; the queries only look them up.
 *
 * `isWorkingDay` and `workingDaysAfter` throw `CalendarNotCoveredError` for a date (or a count that
 * reaches a date) in a year the data does not cover.
 */
export function createWorkingCalendar(data: CalendarData): KazakhstanWorkingCalendar {
  const coveredYears = [...new Set(data.years.map((y) => y.year))].sort((a, b) => a - b);
  const covered = new Set(coveredYears);
  const holidays = coveredYears.flatMap((year) => observedHolidays(data, year));
  const transfers = data.years.flatMap((y) => y.transfers);

  const daysOff = new Set<string>([
    ...holidays.map((h) => h.date),
    ...movedDaysOff(holidays),
    ...transfers.map((t) => t.to),
  ]);
  // Decree transfers come last, so a day they make a working day is one whatever else falls on it.
  const transferredWorkingDays = new Set<string>(transfers.map((t) => t.from));

  const isWorkingDay = (date: LocalDate): boolean => {
    const year = yearOf(date);
    if (!covered.has(year)) throw new CalendarNotCoveredError(year, coveredYears);
    if (transferredWorkingDays.has(date)) return true;
    return !daysOff.has(date) && !isWeekend(date);
  };

  return {
    coveredYears,
    isWorkingDay,
    workingDaysAfter(date: LocalDate, n: number): LocalDate {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number >= 0, got ${n}`);
      let day = date;
      for (let counted = 0; counted < n;) {
        day = addDays(day, 1);
        if (isWorkingDay(day)) counted += 1;
      }
      return day;
    },
    daysOffIn(year: number): readonly LocalDate[] {
      if (!covered.has(year)) throw new CalendarNotCoveredError(year, coveredYears);
      const result: LocalDate[] = [];
      for (let day = localDate(year, 1, 1); yearOf(day) === year; day = addDays(day, 1)) {
        if (!isWorkingDay(day)) result.push(day);
      }
      return result;
    },
  };
}
