import type { Source } from '../../../src/domain/calendar/calendar-data';
import { KAZAKHSTAN_CALENDAR } from '../../../src/domain/calendar/data/kazakhstan-calendar';
import { dayOfWeek, yearOf } from '../../../src/domain/shared/local-date';

// The built-in data keeps to its own rules, and says which facts are not confirmed.
const { annualHolidays, years } = KAZAKHSTAN_CALENDAR;
const isWeekend = (d: Parameters<typeof dayOfWeek>[0]) => dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
const cited = (source: Source) => source.act.trim().length > 0;

describe('the built-in calendar data', () => {
  it('names each year once', () => {
    expect(new Set(years.map((y) => y.year)).size).toBe(years.length);
  });

  it('names each annual holiday once', () => {
    expect(new Set(annualHolidays.map((h) => h.id)).size).toBe(annualHolidays.length);
  });

  it('dates every holiday and transfer within its own year', () => {
    for (const y of years) {
      for (const d of [...y.holidays.map((h) => h.date), ...y.transfers.flatMap((t) => [t.from, t.to])]) {
        expect([d, yearOf(d)]).toEqual([d, y.year]);
      }
    }
  });

  it('transfers a day off from a Saturday or Sunday to a weekday (Labour Code Art. 85(3))', () => {
    for (const t of years.flatMap((y) => y.transfers)) {
      expect([t.from, isWeekend(t.from)]).toEqual([t.from, true]);
      expect([t.to, isWeekend(t.to)]).toEqual([t.to, false]);
    }
  });

  it('has a first day of Kurban Ait, which never moves, in every year', () => {
    for (const y of years) {
      expect(y.holidays.filter((h) => h.name.startsWith('Kurban Ait') && !h.movesWhenOnWeekend)).toHaveLength(
        1,
      );
    }
  });

  it('cites a source for every entry', () => {
    const sources = [
      ...annualHolidays.map((h) => h.source),
      ...years.flatMap((y) => [...y.holidays.map((h) => h.source), ...y.transfers.map((t) => t.source)]),
    ];
    expect(sources.every(cited)).toBe(true);
  });

  it('marks as unconfirmed the 2026 change of Constitution Day and the 2027 Kurban Ait, and nothing else', () => {
    const unconfirmed = [
      ...annualHolidays.filter((h) => !h.source.confirmed).map((h) => h.id),
      ...years.flatMap((y) => [
        ...y.holidays.filter((h) => !h.source.confirmed).map((h) => h.date),
        ...y.transfers.filter((t) => !t.source.confirmed).map((t) => t.from),
      ]),
    ];
    expect(unconfirmed).toEqual(['constitution-day-1995', 'constitution-day-2026', '2027-05-16']);
  });
});
