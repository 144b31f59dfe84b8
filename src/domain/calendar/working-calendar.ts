import type { LocalDate } from '../shared/local-date';

/** Kazakhstan's working calendar: which Asia/Almaty dates are working days. */
export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
  /**
   * The Nth working day after `date` (day 0; Rules §10, SPEC R22). A `date` that is itself a day off
   * counts the same way: the first working day after it is day 1.
   */
  workingDaysAfter(date: LocalDate, n: number): LocalDate;
}
