import type { CalendarData } from '../calendar-data';
import { HOLIDAY_LAW } from './holiday-law';
import { YEAR_2024 } from './year-2024';
import { YEAR_2025 } from './year-2025';
import { YEAR_2026 } from './year-2026';
import { YEAR_2027 } from './year-2027';

/** The built-in calendar data (SPEC §3); the operator's file extends or overrides it. */
export const KAZAKHSTAN_CALENDAR: CalendarData = {
  annualHolidays: HOLIDAY_LAW,
  years: [YEAR_2024, YEAR_2025, YEAR_2026, YEAR_2027],
};
