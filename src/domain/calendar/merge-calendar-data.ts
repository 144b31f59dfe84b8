import type { LocalDate } from '../shared/local-date';
import type { AnnualHoliday, CalendarData, DatedHoliday, DayOffTransfer, YearData } from './calendar-data';

/** Changes to one year; listing a year the data lacks adds it to what the calendar covers. */
export interface YearOverrides {
  readonly year: number;
  /** Added, or replacing the year's holiday on the same date. */
  readonly holidays?: readonly DatedHoliday[];
  /** Added, or replacing the year's transfer with the same `from`. */
  readonly transfers?: readonly DayOffTransfer[];
  /** Dates on which no holiday is observed this year: dated holidays are dropped, annual ones cancelled. */
  readonly removeHolidays?: readonly LocalDate[];
  /** The `from` dates of transfers to drop. */
  readonly removeTransfers?: readonly LocalDate[];
  readonly note?: string;
}

/** What the operator's calendar file (`NUMLINK_CALENDAR_FILE`) changes in the built-in data. */
export interface CalendarOverrides {
  /** Added, or replacing the annual holiday with the same `id` (a change of the law: set its validity). */
  readonly annualHolidays?: readonly AnnualHoliday[];
  /** The ids of annual holidays to drop altogether. */
  readonly removeAnnualHolidays?: readonly string[];
  readonly years?: readonly YearOverrides[];
}

/**
 * The built-in data with the operator's overrides applied. Removals apply before additions, so one file
 * can replace an entry by removing and adding it; removing what is not there changes nothing.
 */
export function mergeCalendarData(base: CalendarData, overrides: CalendarOverrides): CalendarData {
  const removedIds = new Set(overrides.removeAnnualHolidays ?? []);
  const annualHolidays = upsert(
    base.annualHolidays.filter((holiday) => !removedIds.has(holiday.id)),
    overrides.annualHolidays ?? [],
    (holiday) => holiday.id,
  );

  const years = new Map<number, YearData>(base.years.map((y) => [y.year, y]));
  for (const change of overrides.years ?? []) {
    years.set(change.year, mergeYear(years.get(change.year) ?? emptyYear(change.year), change));
  }
  return { annualHolidays, years: [...years.values()].sort((a, b) => a.year - b.year) };
}

function mergeYear(year: YearData, change: YearOverrides): YearData {
  const removedHolidays = new Set<string>(change.removeHolidays ?? []);
  const removedTransfers = new Set<string>(change.removeTransfers ?? []);
  const cancelledHolidays = [
    ...new Set([...(year.cancelledHolidays ?? []), ...(change.removeHolidays ?? [])]),
  ].sort();
  const note = change.note ?? year.note;
  return {
    year: year.year,
    holidays: upsert(
      year.holidays.filter((holiday) => !removedHolidays.has(holiday.date)),
      change.holidays ?? [],
      (holiday) => holiday.date,
    ),
    transfers: upsert(
      year.transfers.filter((transfer) => !removedTransfers.has(transfer.from)),
      change.transfers ?? [],
      (transfer) => transfer.from,
    ),
    ...(cancelledHolidays.length > 0 ? { cancelledHolidays } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

const emptyYear = (year: number): YearData => ({ year, holidays: [], transfers: [] });

/** `entries` with each of `changes` replacing the entry of the same key, or appended. */
function upsert<T>(entries: readonly T[], changes: readonly T[], key: (entry: T) => string): readonly T[] {
  const byKey = new Map<string, T>(entries.map((entry) => [key(entry), entry]));
  for (const change of changes) byKey.set(key(change), change);
  return [...byKey.values()];
}
