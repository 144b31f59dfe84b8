import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CalendarFileError } from '../../../src/infrastructure/calendar/calendar-file-error';
import { loadCalendarFile } from '../../../src/infrastructure/calendar/load-calendar-file';
import { loadWorkingCalendar } from '../../../src/infrastructure/calendar/load-working-calendar';
import { parseLocalDate, type LocalDate } from '../../../src/domain/shared/local-date';
import { scratchDirectory } from '../../support/scratch';

const date = (text: string): LocalDate => {
  const parsed = parseLocalDate(text);
  if (!parsed.ok) throw new Error(`not a date: ${text}`);
  return parsed.value;
};

let dir: string;
beforeAll(async () => {
  dir = scratchDirectory('numlink-calendar-');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
const calendarFile = async (content: unknown): Promise<string> => {
  const file = join(dir, `calendar-${(files += 1)}.json`);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

const problemsOf = async (file: string): Promise<readonly string[]> => {
  try {
    await loadCalendarFile(file);
  } catch (error) {
    if (error instanceof CalendarFileError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
};

const year2028 = {
  year: 2028,
  holidays: [
    {
      date: '2028-05-05',
      name: 'Kurban Ait (first day)',
      movesWhenOnWeekend: false,
      source: { act: 'Labour Code Art. 84', confirmed: false, note: 'estimate' },
    },
  ],
  transfers: [{ from: '2028-01-08', to: '2028-01-05', source: 'Order of the Minister of Labour (test)' }],
};

describe('the calendar override file (NUMLINK_CALENDAR_FILE)', () => {
  it('adds a year: the calendar then covers 2028 with its holidays and transfers', async () => {
    const calendar = await loadWorkingCalendar(await calendarFile({ years: [year2028] }));
    expect(calendar.coveredYears).toContain(2028);
    expect(calendar.isWorkingDay(date('2028-05-05'))).toBe(false);
    expect(calendar.isWorkingDay(date('2028-01-05'))).toBe(false);
    expect(calendar.isWorkingDay(date('2028-01-08'))).toBe(true);
    // 31 Dec; New Year on Saturday and Sunday moved to 3 and 4 Jan; 5 Jan transferred; 6 Jan; Christmas; Saturday 8 Jan.
    expect(calendar.workingDaysAfter(date('2027-12-30'), 3)).toBe(date('2028-01-08'));
  });

  it('reads sources written as the act alone (confirmed) or as {act, confirmed, note}', async () => {
    const overrides = await loadCalendarFile(await calendarFile({ years: [year2028] }));
    expect(overrides.years?.[0]?.holidays?.[0]?.source).toEqual({
      act: 'Labour Code Art. 84',
      confirmed: false,
      note: 'estimate',
    });
    expect(overrides.years?.[0]?.transfers?.[0]?.source).toEqual({
      act: 'Order of the Minister of Labour (test)',
      confirmed: true,
    });
  });

  it('overrides a holiday: Kurban Ait 2027 on Monday 17 May instead of Sunday 16 May', async () => {
    const file = await calendarFile({
      years: [
        {
          year: 2027,
          removeHolidays: ['2027-05-16'],
          holidays: [
            { date: '2027-05-17', name: 'Kurban Ait (first day)', movesWhenOnWeekend: false, source: 'DUMK' },
          ],
        },
      ],
    });
    const calendar = await loadWorkingCalendar(file);
    expect(calendar.isWorkingDay(date('2027-05-17'))).toBe(false);
  });

  it('changes the law: Constitution Day on 30 August kept in 2026 after all', async () => {
    const file = await calendarFile({
      annualHolidays: [
        {
          id: 'constitution-day-1995',
          name: 'Constitution Day',
          month: 8,
          day: 30,
          movesWhenOnWeekend: true,
          validUntil: '2026-12-31',
          source: 'Law "On holidays"',
        },
      ],
    });
    const calendar = await loadWorkingCalendar(file);
    expect(calendar.isWorkingDay(date('2026-08-31'))).toBe(false);
    expect(calendar.isWorkingDay(date('2027-08-30'))).toBe(true);
  });

  it('is optional: without a file the calendar is the built-in one', async () => {
    const calendar = await loadWorkingCalendar(undefined);
    expect(calendar.coveredYears).toEqual([2024, 2025, 2026, 2027]);
  });

  describe('is refused, naming the file and each bad entry', () => {
    it('when it cannot be read', async () => {
      const missing = join(dir, 'missing.json');
      await expect(loadCalendarFile(missing)).rejects.toThrow(`Calendar file ${missing}`);
    });

    it('when it is not JSON', async () => {
      const file = await calendarFile('{ "years": [ ');
      await expect(loadCalendarFile(file)).rejects.toThrow(new RegExp(`${file}.*\\n.*is not JSON`));
    });

    it('when it is not an object', async () => {
      expect(await problemsOf(await calendarFile([]))).toEqual(['(file): expected an object, got []']);
    });

    it('when a transfer does not take a weekend day to a weekday', async () => {
      const file = await calendarFile({
        years: [{ year: 2028, transfers: [{ from: '2028-01-03', to: '2028-01-08', source: 'x' }] }],
      });
      expect(await problemsOf(file)).toEqual([
        'years[0].transfers[0].from: 2028-01-03 is not a Saturday or Sunday',
        'years[0].transfers[0].to: 2028-01-08 is a Saturday or Sunday, not a weekday',
      ]);
    });

    it('when a date is not a date, or not in its year', async () => {
      const file = await calendarFile({
        years: [
          {
            year: 2028,
            holidays: [
              { date: '2028-02-30', name: 'x', movesWhenOnWeekend: true, source: 'x' },
              { date: '2029-01-01', name: 'x', movesWhenOnWeekend: true, source: 'x' },
            ],
          },
        ],
      });
      expect(await problemsOf(file)).toEqual([
        'years[0].holidays[0].date: expected a date YYYY-MM-DD, got "2028-02-30"',
        'years[0].holidays[1].date: 2029-01-01 is not in 2028',
      ]);
    });

    it('when a field is misspelt, missing or of the wrong type', async () => {
      const file = await calendarFile({
        year: [],
        annualHolidays: [{ id: 'x', name: '', month: 13, day: 1, movesWhenOnWeekend: 'yes' }],
      });
      expect(await problemsOf(file)).toEqual([
        '(file).year: unknown field (expected one of: annualHolidays, removeAnnualHolidays, years)',
        'annualHolidays[0].name: expected a non-empty string, got ""',
        'annualHolidays[0].month: expected a whole number from 1 to 12, got 13',
        'annualHolidays[0].movesWhenOnWeekend: expected true or false, got "yes"',
        'annualHolidays[0].source: expected the name of the act, or {act, confirmed, note}, got nothing',
      ]);
    });

    it('when an annual holiday falls on 29 February or ends before it begins', async () => {
      const holiday = { id: 'x', name: 'x', movesWhenOnWeekend: true, source: 'x' };
      const file = await calendarFile({
        annualHolidays: [
          { ...holiday, month: 2, day: 29 },
          { ...holiday, id: 'y', month: 3, day: 1, validFrom: '2027-01-01', validUntil: '2026-01-01' },
        ],
      });
      expect(await problemsOf(file)).toEqual([
        'annualHolidays[0].day: 2/29 is not a day of every year',
        'annualHolidays[1].validUntil: 2026-01-01 is before validFrom 2027-01-01',
      ]);
    });

    it('when a year or an entry appears twice', async () => {
      const file = await calendarFile({
        years: [{ year: 2028, transfers: [year2028.transfers[0], year2028.transfers[0]] }, { year: 2028 }],
      });
      expect(await problemsOf(file)).toEqual([
        'years[0].transfers: from 2028-01-08 appears more than once',
        'years: year 2028 appears more than once',
      ]);
    });

    it('with the message naming the file and listing the problems', async () => {
      const file = await calendarFile({ years: [{ year: 1800 }] });
      await expect(loadCalendarFile(file)).rejects.toThrow(
        `Calendar file ${file} (NUMLINK_CALENDAR_FILE) is not valid:\n  - years[0].year: expected a whole number from 1900 to 9999, got 1800`,
      );
    });
  });
});
