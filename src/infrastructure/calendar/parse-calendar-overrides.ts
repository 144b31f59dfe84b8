import type {
  AnnualHoliday,
  DatedHoliday,
  DayOffTransfer,
  Source,
} from '../../domain/calendar/calendar-data';
import type { CalendarOverrides, YearOverrides } from '../../domain/calendar/merge-calendar-data';
import { isWeekend } from '../../domain/calendar/is-weekend';
import { parseLocalDate, yearOf, type LocalDate } from '../../domain/shared/local-date';
import { err, ok, type Result } from '../../domain/shared/result';

/**
 * Reads the JSON of a calendar override file (format in ./README.md). Every problem is reported, each
 * naming the entry by its path in the file (`years[0].transfers[1].from: ...`), so the operator can fix
 * them all at once.
 */
export function parseCalendarOverrides(json: unknown): Result<CalendarOverrides, readonly string[]> {
  const problems: string[] = [];
  const reader = new Reader(problems);
  const file = reader.object(json, '(file)', ['annualHolidays', 'removeAnnualHolidays', 'years']);
  if (!file) return err(problems);

  const annualHolidays = reader.list(file.annualHolidays, 'annualHolidays', (entry, at) =>
    reader.annualHoliday(entry, at),
  );
  const removeAnnualHolidays = reader.list(file.removeAnnualHolidays, 'removeAnnualHolidays', (entry, at) =>
    reader.text(entry, at),
  );
  const years = reader.list(file.years, 'years', (entry, at) => reader.yearOverrides(entry, at));
  reader.unique(annualHolidays, 'annualHolidays', (holiday) => holiday.id, 'id');
  reader.unique(years, 'years', (year) => String(year.year), 'year');

  if (problems.length > 0) return err(problems);
  return ok({
    ...(annualHolidays ? { annualHolidays } : {}),
    ...(removeAnnualHolidays ? { removeAnnualHolidays } : {}),
    ...(years ? { years } : {}),
  });
}

type Json = Record<string, unknown>;

/** Checks one value at a time, recording what is wrong and answering `undefined` for it. */
class Reader {
  constructor(private readonly problems: string[]) {}

  annualHoliday(value: unknown, at: string): AnnualHoliday | undefined {
    const entry = this.object(value, at, [
      'id',
      'name',
      'month',
      'day',
      'movesWhenOnWeekend',
      'validFrom',
      'validUntil',
      'source',
    ]);
    if (!entry) return undefined;
    const id = this.text(entry.id, `${at}.id`);
    const name = this.text(entry.name, `${at}.name`);
    const month = this.integer(entry.month, `${at}.month`, 1, 12);
    const day = this.integer(entry.day, `${at}.day`, 1, 31);
    // Checked against a common year: a holiday on 29 February would be missing three years in four.
    if (month !== undefined && day !== undefined && !parseLocalDate(`2023-${pad(month)}-${pad(day)}`).ok) {
      this.problem(`${at}.day`, `${month}/${day} is not a day of every year`);
    }
    const moves = this.boolean(entry.movesWhenOnWeekend, `${at}.movesWhenOnWeekend`);
    const validFrom =
      entry.validFrom === undefined ? undefined : this.date(entry.validFrom, `${at}.validFrom`);
    const validUntil =
      entry.validUntil === undefined ? undefined : this.date(entry.validUntil, `${at}.validUntil`);
    if (validFrom && validUntil && validUntil < validFrom) {
      this.problem(`${at}.validUntil`, `${validUntil} is before validFrom ${validFrom}`);
    }
    const source = this.source(entry.source, `${at}.source`);
    if (id === undefined || name === undefined || month === undefined || day === undefined) return undefined;
    if (moves === undefined || source === undefined) return undefined;
    return {
      id,
      name,
      month,
      day,
      movesWhenOnWeekend: moves,
      ...(validFrom ? { validFrom } : {}),
      ...(validUntil ? { validUntil } : {}),
      source,
    };
  }

  yearOverrides(value: unknown, at: string): YearOverrides | undefined {
    const entry = this.object(value, at, [
      'year',
      'holidays',
      'transfers',
      'removeHolidays',
      'removeTransfers',
      'note',
    ]);
    if (!entry) return undefined;
    const year = this.integer(entry.year, `${at}.year`, 1900, 9999);
    if (year === undefined) return undefined;
    const inYear = (text: unknown, path: string) => this.dateIn(year, text, path);
    const holidays = this.list(entry.holidays, `${at}.holidays`, (h, path) =>
      this.datedHoliday(year, h, path),
    );
    const transfers = this.list(entry.transfers, `${at}.transfers`, (t, path) =>
      this.transfer(year, t, path),
    );
    const removeHolidays = this.list(entry.removeHolidays, `${at}.removeHolidays`, inYear);
    const removeTransfers = this.list(entry.removeTransfers, `${at}.removeTransfers`, inYear);
    const note = entry.note === undefined ? undefined : this.text(entry.note, `${at}.note`);
    this.unique(holidays, `${at}.holidays`, (h) => h.date, 'date');
    this.unique(transfers, `${at}.transfers`, (t) => t.from, 'from');
    return {
      year,
      ...(holidays ? { holidays } : {}),
      ...(transfers ? { transfers } : {}),
      ...(removeHolidays ? { removeHolidays } : {}),
      ...(removeTransfers ? { removeTransfers } : {}),
      ...(note !== undefined ? { note } : {}),
    };
  }

  datedHoliday(year: number, value: unknown, at: string): DatedHoliday | undefined {
    const entry = this.object(value, at, ['date', 'name', 'movesWhenOnWeekend', 'source']);
    if (!entry) return undefined;
    const date = this.dateIn(year, entry.date, `${at}.date`);
    const name = this.text(entry.name, `${at}.name`);
    const moves = this.boolean(entry.movesWhenOnWeekend, `${at}.movesWhenOnWeekend`);
    const source = this.source(entry.source, `${at}.source`);
    if (date === undefined || name === undefined || moves === undefined || source === undefined)
      return undefined;
    return { date, name, movesWhenOnWeekend: moves, source };
  }

  /** Labour Code Art. 85(3): a transfer takes a Saturday or Sunday to a weekday. */
  transfer(year: number, value: unknown, at: string): DayOffTransfer | undefined {
    const entry = this.object(value, at, ['from', 'to', 'source']);
    if (!entry) return undefined;
    const from = this.dateIn(year, entry.from, `${at}.from`);
    const to = this.dateIn(year, entry.to, `${at}.to`);
    if (from !== undefined && !isWeekend(from))
      this.problem(`${at}.from`, `${from} is not a Saturday or Sunday`);
    if (to !== undefined && isWeekend(to))
      this.problem(`${at}.to`, `${to} is a Saturday or Sunday, not a weekday`);
    const source = this.source(entry.source, `${at}.source`);
    if (from === undefined || to === undefined || source === undefined) return undefined;
    return { from, to, source };
  }

  /** A source is the act's name (a confirmed fact) or `{act, confirmed?, note?}`. */
  source(value: unknown, at: string): Source | undefined {
    if (typeof value === 'string')
      return this.text(value, at) === undefined ? undefined : { act: value, confirmed: true };
    const entry = this.object(
      value,
      at,
      ['act', 'confirmed', 'note'],
      'the name of the act, or {act, confirmed, note}',
    );
    if (!entry) return undefined;
    const act = this.text(entry.act, `${at}.act`);
    const confirmed = entry.confirmed === undefined ? true : this.boolean(entry.confirmed, `${at}.confirmed`);
    const note = entry.note === undefined ? undefined : this.text(entry.note, `${at}.note`);
    if (act === undefined || confirmed === undefined) return undefined;
    return { act, confirmed, ...(note !== undefined ? { note } : {}) };
  }

  object(value: unknown, at: string, keys: readonly string[], expected = 'an object'): Json | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(at, `expected ${expected}, got ${describe(value)}`);
      return undefined;
    }
    // An unknown key is most often a misspelt one: better refused than silently ignored.
    for (const key of Object.keys(value)) {
      if (!keys.includes(key))
        this.problem(`${at}.${key}`, `unknown field (expected one of: ${keys.join(', ')})`);
    }
    return value as Json;
  }

  /** An optional list: `undefined` when absent; each entry read by `read`, the bad ones left out. */
  list<T>(
    value: unknown,
    at: string,
    read: (entry: unknown, at: string) => T | undefined,
  ): readonly T[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.problem(at, `expected a list, got ${describe(value)}`);
      return undefined;
    }
    return value.flatMap((entry, i) => {
      const parsed = read(entry, `${at}[${i}]`);
      return parsed === undefined ? [] : [parsed];
    });
  }

  unique<T>(entries: readonly T[] | undefined, at: string, key: (entry: T) => string, what: string): void {
    const seen = new Set<string>();
    for (const entry of entries ?? []) {
      const k = key(entry);
      if (seen.has(k)) this.problem(at, `${what} ${k} appears more than once`);
      seen.add(k);
    }
  }

  text(value: unknown, at: string): string | undefined {
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problem(at, `expected a non-empty string, got ${describe(value)}`);
    return undefined;
  }

  boolean(value: unknown, at: string): boolean | undefined {
    if (typeof value === 'boolean') return value;
    this.problem(at, `expected true or false, got ${describe(value)}`);
    return undefined;
  }

  integer(value: unknown, at: string, min: number, max: number): number | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problem(at, `expected a whole number from ${min} to ${max}, got ${describe(value)}`);
    return undefined;
  }

  date(value: unknown, at: string): LocalDate | undefined {
    const parsed = typeof value === 'string' ? parseLocalDate(value) : undefined;
    if (parsed?.ok) return parsed.value;
    this.problem(at, `expected a date YYYY-MM-DD, got ${describe(value)}`);
    return undefined;
  }

  dateIn(year: number, value: unknown, at: string): LocalDate | undefined {
    const date = this.date(value, at);
    if (date === undefined || yearOf(date) === year) return date;
    this.problem(at, `${date} is not in ${year}`);
    return undefined;
  }

  problem(at: string, message: string): void {
    this.problems.push(`${at}: ${message}`);
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');
const describe = (value: unknown): string =>
  value === undefined ? 'nothing' : (JSON.stringify(value)?.slice(0, 60) ?? String(value));
