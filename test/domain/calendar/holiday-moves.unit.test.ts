import type { CalendarData, DatedHoliday } from '../../../src/domain/calendar/calendar-data';
import { createWorkingCalendar } from '../../../src/domain/calendar/create-working-calendar';
import { date } from './dates';

// SPEC §3 on a made-up year, so each rule is seen on its own: 2030 starts on a Tuesday.
const source = { act: 'test', confirmed: true };
const holiday = (d: string, movesWhenOnWeekend = true): DatedHoliday => ({
  date: date(d),
  name: `holiday on ${d}`,
  movesWhenOnWeekend,
  source,
});
const calendarOf = (holidays: DatedHoliday[], transfers: CalendarData['years'][number]['transfers'] = []) =>
  createWorkingCalendar({ annualHolidays: [], years: [{ year: 2030, holidays, transfers }] });
const daysOffBetween = (cal: ReturnType<typeof calendarOf>, from: string, to: string) =>
  cal.daysOffIn(2030).filter((d) => d >= from && d <= to);

describe('a holiday falling on Saturday or Sunday (Law "On holidays" Art. 5)', () => {
  it('gives the next working day off', () => {
    const cal = calendarOf([holiday('2030-03-09')]); // a Saturday
    expect(daysOffBetween(cal, '2030-03-08', '2030-03-12')).toEqual(
      ['2030-03-09', '2030-03-10', '2030-03-11'].map(date),
    );
  });

  it('three holidays on Saturday to Monday give Monday, Tuesday and Wednesday off', () => {
    const cal = calendarOf([holiday('2030-03-23'), holiday('2030-03-24'), holiday('2030-03-25')]);
    expect(daysOffBetween(cal, '2030-03-22', '2030-03-29')).toEqual(
      ['2030-03-23', '2030-03-24', '2030-03-25', '2030-03-26', '2030-03-27'].map(date),
    );
  });

  it('moves past a holiday that never moves standing on the next weekday', () => {
    const cal = calendarOf([holiday('2030-06-02'), holiday('2030-06-03', false)]); // Sunday, then a Kurban Ait Monday
    expect(daysOffBetween(cal, '2030-06-01', '2030-06-05')).toEqual(
      ['2030-06-01', '2030-06-02', '2030-06-03', '2030-06-04'].map(date),
    );
  });

  it('moves across the turn of a month', () => {
    const cal = calendarOf([holiday('2030-08-31')]); // a Saturday
    expect(cal.isWorkingDay(date('2030-09-02'))).toBe(false);
  });

  it('gives one day off when two holidays share the date', () => {
    const cal = calendarOf([holiday('2030-03-09'), { ...holiday('2030-03-09'), name: 'another' }]);
    expect(daysOffBetween(cal, '2030-03-08', '2030-03-13')).toEqual(
      ['2030-03-09', '2030-03-10', '2030-03-11'].map(date),
    );
  });
});

describe('7 January and the first day of Kurban Ait (Labour Code Art. 84)', () => {
  it('never move, even on a weekend', () => {
    const cal = calendarOf([holiday('2030-06-09', false)]); // a Sunday
    expect(cal.isWorkingDay(date('2030-06-10'))).toBe(true);
  });

  it('are days off on a weekday', () => {
    const cal = calendarOf([holiday('2030-06-12', false)]);
    expect(cal.isWorkingDay(date('2030-06-12'))).toBe(false);
  });
});

describe('a decree transfer (Labour Code Art. 85(3)), applied on top of the moves', () => {
  it('makes its Saturday a working day and its weekday a day off', () => {
    const cal = calendarOf([], [{ from: date('2030-05-04'), to: date('2030-05-10'), source }]);
    expect(cal.isWorkingDay(date('2030-05-04'))).toBe(true);
    expect(cal.isWorkingDay(date('2030-05-10'))).toBe(false);
  });

  it('makes a working day even of a day a holiday moved off', () => {
    const cal = calendarOf(
      [holiday('2030-03-09')],
      [{ from: date('2030-03-11'), to: date('2030-03-15'), source }],
    );
    expect(cal.isWorkingDay(date('2030-03-11'))).toBe(true);
    expect(cal.isWorkingDay(date('2030-03-15'))).toBe(false);
  });
});

describe('an annual holiday of the law', () => {
  const law = (validFrom?: string, validUntil?: string): CalendarData => ({
    annualHolidays: [
      {
        id: 'constitution-day',
        name: 'Constitution Day',
        month: 8,
        day: 30,
        movesWhenOnWeekend: true,
        ...(validFrom ? { validFrom: date(validFrom) } : {}),
        ...(validUntil ? { validUntil: date(validUntil) } : {}),
        source,
      },
    ],
    years: [2029, 2030, 2031].map((year) => ({ year, holidays: [], transfers: [] })),
  });

  it('is a day off in every covered year while in force', () => {
    const cal = createWorkingCalendar(law());
    // 30 August 2031 is a Saturday: its day off is Monday 1 September.
    expect(['2029-08-30', '2030-08-30', '2031-09-01'].map((d) => cal.isWorkingDay(date(d)))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('is not observed after the day the law ends it, nor before the day it begins', () => {
    const ended = createWorkingCalendar(law(undefined, '2030-06-30'));
    expect(ended.isWorkingDay(date('2029-08-30'))).toBe(false);
    expect(ended.isWorkingDay(date('2030-08-30'))).toBe(true);
    const begun = createWorkingCalendar(law('2030-01-01'));
    expect(begun.isWorkingDay(date('2029-08-30'))).toBe(true);
    expect(begun.isWorkingDay(date('2030-08-30'))).toBe(false);
  });
});
