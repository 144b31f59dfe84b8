import type { DatedHoliday } from '../calendar-data';
import { localDate } from '../../shared/local-date';
import { LABOUR_CODE_ART_84 } from './sources';

/** The first day of Kurban Ait: a day off that never moves (Labour Code Art. 84). */
export const kurbanAit = (
  year: number,
  month: number,
  day: number,
  confirmed: boolean,
  note: string,
): DatedHoliday => ({
  date: localDate(year, month, day),
  name: 'Kurban Ait (first day)',
  movesWhenOnWeekend: false,
  source: { act: LABOUR_CODE_ART_84, confirmed, note },
});
