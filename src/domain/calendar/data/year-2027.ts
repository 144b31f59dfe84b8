import type { YearData } from '../calendar-data';
import { kurbanAit } from './kurban-ait';

export const YEAR_2027: YearData = {
  year: 2027,
  holidays: [
    kurbanAit(
      2027,
      5,
      16,
      false,
      'Astronomical estimate; the Spiritual Administration of Muslims had not published its 2027 calendar',
    ),
  ],
  transfers: [],
  note: 'Unconfirmed: no transfer order for 2027 had been published when this data was written.',
};
