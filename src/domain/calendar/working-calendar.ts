import type { LocalDate } from '../shared/local-date';

/**
 * Kazakhstan's working calendar: which Asia/Almaty dates are working days. Built by
 * `createWorkingCalendar` (SPEC §3); a date in a year its data does not cover throws
 * `CalendarNotCoveredError`, a configuration fault rather than a refusal.
 */
export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
  /**
   * The Nth working day after `date` (day 0; Rules §10, SPEC R22). A `date` that is itself a day off
   * counts the same way: the first working day after it is day 1. `n` = 0 answers `date` itself.
   */
  workingDaysAfter(date: LocalDate, n: number): LocalDate;
}
