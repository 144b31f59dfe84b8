import type { YearData } from '../calendar-data';
import { localDate } from '../../shared/local-date';
import { kurbanAit } from './kurban-ait';
import { LABOUR_CODE_ART_85 } from './sources';

export const YEAR_2025: YearData = {
  year: 2025,
  holidays: [
    kurbanAit(
      2025,
      6,
      6,
      true,
      'Date set by the Ministry of Labour with the Spiritual Administration of Muslims',
    ),
  ],
  transfers: [
    {
      from: localDate(2025, 1, 5),
      to: localDate(2025, 1, 3),
      source: {
        act: `Order of the Minister of Labour and Social Protection of Population of 21.11.2024 on the transfer of a day of rest in 2025 (${LABOUR_CODE_ART_85})`,
        confirmed: true,
        note: 'Date of the order as the Ministry reported it; its registration number was not found.',
      },
    },
  ],
  note: 'The Ministry of Labour said no other transfer was planned for 2025 (8 May stayed a working day).',
};
