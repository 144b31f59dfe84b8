import type { Source } from '../calendar-data';

// The acts the built-in data cites, named once.

/** Law of the Republic of Kazakhstan "On holidays in the Republic of Kazakhstan" (Art. 5 moves weekend holidays). */
export const LAW_ON_HOLIDAYS: Source = {
  act: 'Law of the Republic of Kazakhstan No. 267-II of 13.12.2001 "On holidays in the Republic of Kazakhstan"',
  confirmed: true,
};

/** Labour Code Art. 84: 7 January and the first day of Kurban Ait are days off and never move. */
export const LABOUR_CODE_ART_84 =
  'Labour Code of the Republic of Kazakhstan No. 414-V of 23.11.2015, Art. 84';

/** Labour Code Art. 85(3): the authorised body for labour may transfer days off to other working days. */
export const LABOUR_CODE_ART_85 =
  'Labour Code of the Republic of Kazakhstan No. 414-V of 23.11.2015, Art. 85(3)';

/** The Constitution adopted by the referendum of 15 March 2026, in force from 1 July 2026. */
export const CONSTITUTION_2026 =
  'Constitution of the Republic of Kazakhstan adopted by the republican referendum of 15.03.2026 (in force 01.07.2026; ' +
  'Art. 94 of the published draft: the day of its adoption is Constitution Day); ' +
  'Decree of the President of 17.03.2026 "On measures to implement the Constitution adopted on 15 March 2026"';
