import type { LocalDate } from '../shared/local-date';

/**
 * Where an entry of the calendar comes from. `confirmed: false` marks a fact not read in the act
 * itself (a press report of it, or an estimate such as a lunar date not yet announced).
 */
export interface Source {
  readonly act: string;
  readonly confirmed: boolean;
  readonly note?: string;
}

interface Holiday {
  readonly name: string;
  /**
   * Law "On holidays" Art. 5: a holiday on a Saturday or Sunday gives the next working day off.
   * False for 7 January and the first day of Kurban Ait (Labour Code Art. 84), which never move.
   */
  readonly movesWhenOnWeekend: boolean;
  readonly source: Source;
}

/**
 * A holiday the law fixes to a day of the year, in force from `validFrom` to `validUntil`
 * (inclusive, either open) so that a change of the law is data, not code.
 */
export interface AnnualHoliday extends Holiday {
  readonly id: string;
  readonly month: number;
  readonly day: number;
  readonly validFrom?: LocalDate;
  readonly validUntil?: LocalDate;
}

/** A holiday of one year only: the first day of Kurban Ait, a lunar date announced each year. */
export interface DatedHoliday extends Holiday {
  readonly date: LocalDate;
}

/**
 * Labour Code Art. 85(3): the authorised body moves a day off from `from` (a Saturday or Sunday, which
 * becomes a working day) to `to` (a weekday, which becomes a day off).
 */
export interface DayOffTransfer {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly source: Source;
}

/** What is known of one year beyond the law's annual holidays. A year listed here is covered. */
export interface YearData {
  readonly year: number;
  readonly holidays: readonly DatedHoliday[];
  readonly transfers: readonly DayOffTransfer[];
  /** Dates on which the law's annual holidays are not observed this year. */
  readonly cancelledHolidays?: readonly LocalDate[];
  /** The state of the research for the year (e.g. that no transfer order was found). */
  readonly note?: string;
}

/** The working calendar's data: the law's annual holidays and the covered years. */
export interface CalendarData {
  readonly annualHolidays: readonly AnnualHoliday[];
  readonly years: readonly YearData[];
}
