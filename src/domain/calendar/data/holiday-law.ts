import type { AnnualHoliday } from '../calendar-data';
import { localDate } from '../../shared/local-date';
import { CONSTITUTION_2026, LABOUR_CODE_ART_84, LAW_ON_HOLIDAYS } from './sources';

const stateHoliday = (id: string, name: string, month: number, day: number): AnnualHoliday => ({
  id,
  name,
  month,
  day,
  movesWhenOnWeekend: true,
  source: LAW_ON_HOLIDAYS,
});

/**
 * SPEC §3: the holidays the law fixes to a day of the year. Validity dates are given where the law
 * changes within the covered years: the 2026 Constitution moves Constitution Day from 30 August
 * (the 1995 Constitution, which ceases on 1 July 2026) to 15 March (its own adoption day).
 */
export const HOLIDAY_LAW: readonly AnnualHoliday[] = [
  stateHoliday('new-year-1', 'New Year', 1, 1),
  stateHoliday('new-year-2', 'New Year', 1, 2),
  {
    id: 'orthodox-christmas',
    name: 'Orthodox Christmas',
    month: 1,
    day: 7,
    movesWhenOnWeekend: false,
    source: { act: LABOUR_CODE_ART_84, confirmed: true },
  },
  stateHoliday('womens-day', "International Women's Day", 3, 8),
  stateHoliday('nauryz-1', 'Nauryz meiramy', 3, 21),
  stateHoliday('nauryz-2', 'Nauryz meiramy', 3, 22),
  stateHoliday('nauryz-3', 'Nauryz meiramy', 3, 23),
  stateHoliday('unity-day', 'Day of Unity of the People of Kazakhstan', 5, 1),
  stateHoliday('defender-day', 'Defender of the Fatherland Day', 5, 7),
  stateHoliday('victory-day', 'Victory Day', 5, 9),
  stateHoliday('capital-day', 'Capital Day', 7, 6),
  {
    ...stateHoliday('constitution-day-1995', 'Constitution Day (1995 Constitution)', 8, 30),
    validUntil: localDate(2026, 6, 30),
    source: {
      act: LAW_ON_HOLIDAYS.act,
      confirmed: false,
      note:
        'Ends with the 1995 Constitution on 01.07.2026 (see constitution-day-2026). The Ministry of Labour ' +
        'said 30.08.2026 is no longer a holiday (press, 18.03.2026); the amending act was not seen.',
    },
  },
  {
    ...stateHoliday('constitution-day-2026', 'Constitution Day', 3, 15),
    validFrom: localDate(2026, 7, 1),
    source: {
      act: CONSTITUTION_2026,
      confirmed: false,
      note:
        'Observed from 2027 (Ministry of Labour, press, 18.03.2026). The final article number and the ' +
        'amendment of the Law "On holidays" were not seen; moving like the other state holidays is assumed.',
    },
  },
  stateHoliday('republic-day', 'Republic Day', 10, 25),
  stateHoliday('independence-day', 'Independence Day', 12, 16),
];
