import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { LocalDate } from '../../domain/shared/local-date';

/**
 * The port of Kazakhstan's working calendar that complaint deadlines count in (Rules §10, SPEC R22),
 * loaded once at start. A date beyond the years it covers throws `CalendarNotCoveredError`.
 */
export abstract class ComplaintCalendar implements WorkingCalendar {
  abstract isWorkingDay(date: LocalDate): boolean;
  abstract workingDaysAfter(date: LocalDate, n: number): LocalDate;
}
