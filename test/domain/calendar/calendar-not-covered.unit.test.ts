import { CalendarNotCoveredError } from '../../../src/domain/calendar/calendar-not-covered-error';
import { createWorkingCalendar } from '../../../src/domain/calendar/create-working-calendar';
import { KAZAKHSTAN_CALENDAR } from '../../../src/domain/calendar/data/kazakhstan-calendar';
import { date } from './dates';

// A deadline is never computed from a guessed calendar: a year without data is a configuration fault.
const calendar = createWorkingCalendar(KAZAKHSTAN_CALENDAR);

const thrownBy = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
};

describe('a date outside the years the calendar covers', () => {
  it('covers 2024 to 2027 out of the box', () => {
    expect(calendar.coveredYears).toEqual([2024, 2025, 2026, 2027]);
  });

  it('is refused by isWorkingDay with the year it lacks', () => {
    const error = thrownBy(() => calendar.isWorkingDay(date('2023-07-01')));
    expect(error).toBeInstanceOf(CalendarNotCoveredError);
    expect((error as CalendarNotCoveredError).year).toBe(2023);
    expect((error as Error).message).toMatch(/no data for 2023.*NUMLINK_CALENDAR_FILE/);
  });

  it('is refused when the count runs into an uncovered year', () => {
    const error = thrownBy(() => calendar.workingDaysAfter(date('2027-12-29'), 5));
    expect(error).toBeInstanceOf(CalendarNotCoveredError);
    expect((error as CalendarNotCoveredError).year).toBe(2028);
  });

  it('is refused when listing the days off of an uncovered year', () => {
    expect(() => calendar.daysOffIn(2028)).toThrow(CalendarNotCoveredError);
  });

  it('is not an issue for a count that ends within the covered years', () => {
    expect(calendar.workingDaysAfter(date('2027-12-29'), 2)).toBe(date('2027-12-31'));
  });
});

describe('a count that is not a whole number of days', () => {
  it.each([-1, 1.5, Number.NaN])('is a programming error: %p', (n) => {
    expect(() => calendar.workingDaysAfter(date('2026-01-05'), n)).toThrow(RangeError);
  });
});
