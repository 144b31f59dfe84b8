import fc from 'fast-check';
import { createWorkingCalendar } from '../../../src/domain/calendar/create-working-calendar';
import { KAZAKHSTAN_CALENDAR } from '../../../src/domain/calendar/data/kazakhstan-calendar';
import { addDays, dayOfWeek, localDate, yearOf, type LocalDate } from '../../../src/domain/shared/local-date';

const calendar = createWorkingCalendar(KAZAKHSTAN_CALENDAR);

// Any date of the covered years early enough that 60 working days later is still covered.
const FIRST = localDate(2024, 1, 1);
const anyDate = fc.integer({ min: 0, max: 1340 }).map((k) => addDays(FIRST, k));
const anyCount = fc.integer({ min: 1, max: 60 });

// Read straight from the data, independently of how the calendar computes its days off.
const holidayDates = new Set<string>(
  KAZAKHSTAN_CALENDAR.years.flatMap((y) => [
    ...y.holidays.map((h) => h.date),
    ...KAZAKHSTAN_CALENDAR.annualHolidays.flatMap((h) => {
      const d = localDate(y.year, h.month, h.day);
      return (!h.validFrom || h.validFrom <= d) && (!h.validUntil || d <= h.validUntil) ? [d] : [];
    }),
  ]),
);
const transferredWorkingDays = new Set<string>(
  KAZAKHSTAN_CALENDAR.years.flatMap((y) => y.transfers.map((t) => t.from)),
);
const isWeekend = (date: LocalDate) => dayOfWeek(date) === 0 || dayOfWeek(date) === 6;

const workingDaysBetween = (after: LocalDate, upTo: LocalDate): number => {
  let count = 0;
  for (let day = addDays(after, 1); day <= upTo; day = addDays(day, 1))
    if (calendar.isWorkingDay(day)) count += 1;
  return count;
};

describe('the Nth working day after a date (Rules §10, SPEC R22), for any date and N', () => {
  it('is a working day', () =>
    fc.assert(
      fc.property(anyDate, anyCount, (d, n) => calendar.isWorkingDay(calendar.workingDaysAfter(d, n))),
    ));

  it('lies strictly after the date', () =>
    fc.assert(fc.property(anyDate, anyCount, (d, n) => calendar.workingDaysAfter(d, n) > d)));

  it('has exactly N working days after the date, up to and including it', () =>
    fc.assert(
      fc.property(anyDate, anyCount, (d, n) => workingDaysBetween(d, calendar.workingDaysAfter(d, n)) === n),
    ));

  it('counting N then M is counting N + M', () =>
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 30 }), (d, n, m) => {
        expect(calendar.workingDaysAfter(calendar.workingDaysAfter(d, n), m)).toBe(
          calendar.workingDaysAfter(d, n + m),
        );
      }),
    ));

  it('never falls on a holiday, nor on a weekend day the decrees did not make a working day', () =>
    fc.assert(
      fc.property(anyDate, anyCount, (d, n) => {
        const due = calendar.workingDaysAfter(d, n);
        expect(holidayDates.has(due)).toBe(false);
        if (isWeekend(due)) expect(transferredWorkingDays.has(due)).toBe(true);
      }),
    ));

  it('grows with N', () =>
    fc.assert(
      fc.property(anyDate, anyCount, anyCount, (d, a, b) => {
        fc.pre(a !== b);
        const [fewer, more] = a < b ? [a, b] : [b, a];
        expect(calendar.workingDaysAfter(d, fewer) < calendar.workingDaysAfter(d, more)).toBe(true);
      }),
    ));

  it('from a day off is the same as from the last working day before it', () =>
    fc.assert(
      fc.property(anyDate, anyCount, (d, n) => {
        fc.pre(d >= '2024-01-15' && !calendar.isWorkingDay(d));
        let lastWorking = d;
        while (!calendar.isWorkingDay(lastWorking)) lastWorking = addDays(lastWorking, -1);
        expect(calendar.workingDaysAfter(d, n)).toBe(calendar.workingDaysAfter(lastWorking, n));
      }),
    ));
});

describe('the days off of a year', () => {
  it('are exactly the dates that are not working days', () =>
    fc.assert(
      fc.property(anyDate, (d) => {
        expect(calendar.daysOffIn(yearOf(d)).includes(d)).toBe(!calendar.isWorkingDay(d));
      }),
      { numRuns: 200 },
    ));
});
