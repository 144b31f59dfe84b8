import type { YearData } from '../calendar-data';
import { kurbanAit } from './kurban-ait';

export const YEAR_2026: YearData = {
  year: 2026,
  holidays: [
    kurbanAit(
      2026,
      5,
      27,
      true,
      'Calendar of the Spiritual Administration of Muslims for 2026 and the eGov holiday calendar (may shift by a day with the new moon)',
    ),
  ],
  transfers: [],
  note:
    'The eGov holiday calendar for 2026 lists no decree transfer and none was found up to March 2026. ' +
    '30 August is no longer a holiday from this year (see constitution-day-1995 in the holiday law).',
};
