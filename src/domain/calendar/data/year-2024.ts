import type { YearData } from '../calendar-data';
import { localDate } from '../../shared/local-date';
import { kurbanAit } from './kurban-ait';
import { LABOUR_CODE_ART_85 } from './sources';

export const YEAR_2024: YearData = {
  year: 2024,
  holidays: [
    kurbanAit(2024, 6, 16, true, 'Date announced by the Spiritual Administration of Muslims of Kazakhstan'),
  ],
  transfers: [
    {
      from: localDate(2024, 5, 4),
      to: localDate(2024, 5, 8),
      source: {
        act: `Order of the acting Minister of Labour and Social Protection of Population of 17.04.2024 "On the transfer of a day of rest in 2024" (${LABOUR_CODE_ART_85})`,
        confirmed: true,
        note: 'Dates quoted from the order in the press; its registration number was not found.',
      },
    },
  ],
  note: 'The Ministry of Labour reported no other transfer for 2024.',
};
