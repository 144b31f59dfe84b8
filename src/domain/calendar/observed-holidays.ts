import { localDate, type LocalDate } from '../shared/local-date';
import type { CalendarData, Source } from './calendar-data';

/** A holiday on its date in one year, whichever entry of the data it comes from. */
export interface ObservedHoliday {
  readonly date: LocalDate;
  readonly name: string;
  readonly movesWhenOnWeekend: boolean;
  readonly source: Source;
}

/**
 * The holidays observed in `year`: the law's annual holidays in force on their date that year, and the
 * year's own dated holidays. An annual holiday on a date the year cancels is not observed. Sorted by date.
 */
export function observedHolidays(data: CalendarData, year: number): readonly ObservedHoliday[] {
  const yearData = data.years.find((y) => y.year === year);
  const cancelled = new Set<string>(yearData?.cancelledHolidays ?? []);
  const annual = data.annualHolidays.flatMap((holiday): ObservedHoliday[] => {
    const date = localDate(year, holiday.month, holiday.day);
    const inForce =
      (holiday.validFrom === undefined || holiday.validFrom <= date) &&
      (holiday.validUntil === undefined || date <= holiday.validUntil);
    return inForce && !cancelled.has(date)
      ? [{ date, name: holiday.name, movesWhenOnWeekend: holiday.movesWhenOnWeekend, source: holiday.source }]
      : [];
  });
  return [...annual, ...(yearData?.holidays ?? [])].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
}
