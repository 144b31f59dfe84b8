import { createWorkingCalendar } from '../../../src/domain/calendar/create-working-calendar';
import { KAZAKHSTAN_CALENDAR } from '../../../src/domain/calendar/data/kazakhstan-calendar';
import { date } from './dates';

// Examples from the published calendars (eGov holiday calendars, Ministry of Labour orders and the
// Ministry's balance of working time), checked against the calendar computed from the rules.
const calendar = createWorkingCalendar(KAZAKHSTAN_CALENDAR);

const workingDaysIn = (year: number, month: number): number => {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const daysOff = calendar.daysOffIn(year).filter((d) => Number(d.slice(5, 7)) === month);
  return daysInMonth - daysOff.length;
};

describe('the working calendar of Kazakhstan, as published (SPEC §3)', () => {
  describe('2024', () => {
    it('works Saturday 4 May and rests Wednesday 8 May (order of 17.04.2024)', () => {
      expect(calendar.isWorkingDay(date('2024-05-04'))).toBe(true);
      expect(calendar.isWorkingDay(date('2024-05-08'))).toBe(false);
    });

    it('moves Nauryz day 23 March (Saturday) to Monday 25 March', () => {
      expect(calendar.isWorkingDay(date('2024-03-25'))).toBe(false);
      expect(calendar.isWorkingDay(date('2024-03-26'))).toBe(true);
    });

    it('does not move Orthodox Christmas on Sunday 7 January, nor Kurban Ait on Sunday 16 June', () => {
      expect(calendar.isWorkingDay(date('2024-01-08'))).toBe(true);
      expect(calendar.isWorkingDay(date('2024-06-17'))).toBe(true);
    });

    it("matches the Ministry's balance of working time month by month, June aside", () => {
      // The balance was approved before Kurban Ait was announced for Sunday 16 June, and counts 19 days
      // in June; with the announced date June has 20 (the expected day off was cancelled).
      const balance = [21, 21, 17, 22, 20, 20, 22, 21, 21, 22, 21, 21];
      expect(balance.map((_, i) => workingDaysIn(2024, i + 1))).toEqual(balance);
    });
  });

  describe('2025', () => {
    it('rests Friday 3 January and works Sunday 5 January (Ministry of Labour order)', () => {
      expect(calendar.isWorkingDay(date('2025-01-03'))).toBe(false);
      expect(calendar.isWorkingDay(date('2025-01-05'))).toBe(true);
    });

    it('moves 8 March (Saturday) to Monday 10 March', () => {
      expect(calendar.isWorkingDay(date('2025-03-10'))).toBe(false);
    });

    it('moves Nauryz days on Saturday and Sunday to Monday 24 and Tuesday 25 March', () => {
      expect(['2025-03-21', '2025-03-24', '2025-03-25'].map((d) => calendar.isWorkingDay(date(d)))).toEqual([
        false,
        false,
        false,
      ]);
      expect(calendar.isWorkingDay(date('2025-03-26'))).toBe(true);
    });

    it('keeps Thursday 8 May a working day between two holidays', () => {
      expect(calendar.isWorkingDay(date('2025-05-07'))).toBe(false);
      expect(calendar.isWorkingDay(date('2025-05-08'))).toBe(true);
      expect(calendar.isWorkingDay(date('2025-05-09'))).toBe(false);
    });

    it('rests on Kurban Ait, Friday 6 June', () => {
      expect(calendar.isWorkingDay(date('2025-06-06'))).toBe(false);
    });

    it('moves Capital Day, Constitution Day and Republic Day off the weekend to the Mondays after', () => {
      expect(['2025-07-07', '2025-09-01', '2025-10-27'].map((d) => calendar.isWorkingDay(date(d)))).toEqual([
        false,
        false,
        false,
      ]);
    });
  });

  describe('2026', () => {
    it('rests 1 to 4 January, works 5 and 6, rests on Christmas 7 January: 19 working days in January', () => {
      expect(calendar.daysOffIn(2026).filter((d) => d < '2026-01-08')).toEqual(
        ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-07'].map(date),
      );
      expect(workingDaysIn(2026, 1)).toBe(19);
    });

    it('gives Monday 9 March for 8 March on a Sunday', () => {
      expect(calendar.isWorkingDay(date('2026-03-09'))).toBe(false);
    });

    it('rests 21 to 25 March for Nauryz on Saturday to Monday: the 23rd itself, then Tuesday and Wednesday', () => {
      expect(calendar.daysOffIn(2026).filter((d) => d >= '2026-03-20' && d <= '2026-03-27')).toEqual(
        ['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25'].map(date),
      );
    });

    it('gives Monday 11 May for Victory Day on a Saturday, and rests on Kurban Ait, Wednesday 27 May', () => {
      expect(calendar.isWorkingDay(date('2026-05-11'))).toBe(false);
      expect(calendar.isWorkingDay(date('2026-05-27'))).toBe(false);
    });

    it('works Monday 31 August: 30 August is no longer Constitution Day under the 2026 Constitution', () => {
      expect(calendar.isWorkingDay(date('2026-08-31'))).toBe(true);
    });

    it('does not yet rest on 15 March: the new Constitution Day is observed from 2027', () => {
      expect(calendar.isWorkingDay(date('2026-03-16'))).toBe(true);
    });

    it('gives Monday 26 October for Republic Day on a Sunday', () => {
      expect(calendar.isWorkingDay(date('2026-10-26'))).toBe(false);
    });
  });

  describe('2027 (law in force, transfers not yet published)', () => {
    it('moves 2 January (Saturday) to Monday 4 January', () => {
      expect(calendar.isWorkingDay(date('2027-01-04'))).toBe(false);
      expect(calendar.isWorkingDay(date('2027-01-05'))).toBe(true);
    });

    it('rests on the new Constitution Day, Monday 15 March', () => {
      expect(calendar.isWorkingDay(date('2027-03-15'))).toBe(false);
    });

    it('moves Nauryz day 21 March (Sunday) past the 22nd and 23rd to Wednesday 24 March', () => {
      expect(['2027-03-22', '2027-03-23', '2027-03-24'].map((d) => calendar.isWorkingDay(date(d)))).toEqual([
        false,
        false,
        false,
      ]);
      expect(calendar.isWorkingDay(date('2027-03-25'))).toBe(true);
    });
  });

  describe('counting working days (Rules §10, SPEC R22)', () => {
    it.each([
      // registered, working days, due date
      ['2026-03-19', 3, '2026-03-27'], // over Nauryz 21-25 March 2026
      ['2026-03-19', 5, '2026-03-31'],
      ['2026-03-19', 15, '2026-04-14'],
      ['2024-12-30', 3, '2025-01-06'], // over New Year, the 3 January transfer and the worked Sunday 5 January
      ['2024-12-30', 5, '2025-01-09'], // ... and Christmas on Tuesday 7 January
      ['2024-05-03', 3, '2024-05-10'], // worked Saturday 4 May, then 7-9 May off
      ['2024-05-03', 15, '2024-05-28'],
      ['2027-12-13', 3, '2027-12-17'], // over Independence Day, Thursday 16 December 2027
    ])('a complaint registered on %s is due %i working days later, on %s', (registered, n, due) => {
      expect(calendar.workingDaysAfter(date(registered), n)).toBe(date(due));
    });

    it('counts from a day off the same way: registered on Sunday 22 March 2026, day 1 is Thursday 26 March', () => {
      expect(calendar.workingDaysAfter(date('2026-03-22'), 1)).toBe(date('2026-03-26'));
    });

    it('answers the registration day itself for 0 working days', () => {
      expect(calendar.workingDaysAfter(date('2026-03-22'), 0)).toBe(date('2026-03-22'));
    });
  });
});
