import { createWorkingCalendar } from '../../../src/domain/calendar/create-working-calendar';
import { KAZAKHSTAN_CALENDAR } from '../../../src/domain/calendar/data/kazakhstan-calendar';
import { mergeCalendarData, type CalendarOverrides } from '../../../src/domain/calendar/merge-calendar-data';
import { date } from './dates';

// The operator's file (NUMLINK_CALENDAR_FILE, SPEC §3) changes the calendar without a release.
const source = { act: 'operator test', confirmed: true };
const calendarWith = (overrides: CalendarOverrides) =>
  createWorkingCalendar(mergeCalendarData(KAZAKHSTAN_CALENDAR, overrides));

describe('merging the operator overrides into the built-in calendar data', () => {
  it('adds a year, which the calendar then covers: 2023 with its decree transfer of 1 July to 7 July', () => {
    const cal = calendarWith({
      years: [{ year: 2023, transfers: [{ from: date('2023-07-01'), to: date('2023-07-07'), source }] }],
    });
    expect(cal.coveredYears).toEqual([2023, 2024, 2025, 2026, 2027]);
    expect(cal.isWorkingDay(date('2023-07-01'))).toBe(true);
    expect(['2023-07-06', '2023-07-07'].map((d) => cal.isWorkingDay(date(d)))).toEqual([false, false]);
    expect(cal.workingDaysAfter(date('2023-12-29'), 2)).toBe(date('2024-01-04'));
  });

  it("replaces a year's holiday on the same date and adds one on another date", () => {
    const kurbanAit2027 = KAZAKHSTAN_CALENDAR.years.find((y) => y.year === 2027)?.holidays[0];
    const cal = calendarWith({
      years: [
        {
          year: 2027,
          removeHolidays: [date('2027-05-16')],
          holidays: [
            { date: date('2027-05-17'), name: 'Kurban Ait (first day)', movesWhenOnWeekend: false, source },
          ],
        },
      ],
    });
    expect(kurbanAit2027?.date).toBe(date('2027-05-16'));
    expect(cal.isWorkingDay(date('2027-05-17'))).toBe(false);
  });

  it('removes a decree transfer by the day it made a working day', () => {
    const cal = calendarWith({ years: [{ year: 2025, removeTransfers: [date('2025-01-05')] }] });
    expect(cal.isWorkingDay(date('2025-01-03'))).toBe(true);
    expect(cal.isWorkingDay(date('2025-01-05'))).toBe(false);
  });

  it('adds a decree transfer to a covered year', () => {
    const cal = calendarWith({
      years: [{ year: 2027, transfers: [{ from: date('2027-01-09'), to: date('2027-01-08'), source }] }],
    });
    expect(cal.isWorkingDay(date('2027-01-08'))).toBe(false);
    expect(cal.isWorkingDay(date('2027-01-09'))).toBe(true);
  });

  it("cancels one year's occurrence of an annual holiday, leaving the other years alone", () => {
    const cal = calendarWith({ years: [{ year: 2027, removeHolidays: [date('2027-03-08')] }] });
    expect(cal.isWorkingDay(date('2027-03-08'))).toBe(true);
    expect(cal.isWorkingDay(date('2024-03-08'))).toBe(false);
  });

  it('changes the law: a new annual holiday from a date on', () => {
    const cal = calendarWith({
      annualHolidays: [
        {
          id: 'childrens-day',
          name: "Children's Day",
          month: 6,
          day: 1,
          movesWhenOnWeekend: true,
          validFrom: date('2027-01-01'),
          source,
        },
      ],
    });
    expect(cal.isWorkingDay(date('2026-06-01'))).toBe(true);
    expect(cal.isWorkingDay(date('2027-06-01'))).toBe(false);
  });

  it('replaces an annual holiday with the same id', () => {
    const republicDay = KAZAKHSTAN_CALENDAR.annualHolidays.find((h) => h.id === 'republic-day');
    if (!republicDay) throw new Error('the built-in law has Republic Day');
    const cal = calendarWith({ annualHolidays: [{ ...republicDay, validUntil: date('2025-12-31') }] });
    expect(cal.isWorkingDay(date('2024-10-25'))).toBe(false);
    expect(cal.isWorkingDay(date('2027-10-25'))).toBe(true);
  });

  it('removes an annual holiday altogether', () => {
    const cal = calendarWith({ removeAnnualHolidays: ['womens-day'] });
    expect(cal.isWorkingDay(date('2024-03-08'))).toBe(true);
  });

  it('leaves the built-in data as it was', () => {
    const before = JSON.stringify(KAZAKHSTAN_CALENDAR);
    mergeCalendarData(KAZAKHSTAN_CALENDAR, {
      removeAnnualHolidays: ['womens-day'],
      years: [{ year: 2025, removeTransfers: [date('2025-01-05')], removeHolidays: [date('2025-06-06')] }],
    });
    expect(JSON.stringify(KAZAKHSTAN_CALENDAR)).toBe(before);
  });

  it('changes nothing with no overrides', () => {
    expect(mergeCalendarData(KAZAKHSTAN_CALENDAR, {})).toEqual(KAZAKHSTAN_CALENDAR);
  });
});
