import {
  createWorkingCalendar,
  type KazakhstanWorkingCalendar,
} from '../../domain/calendar/create-working-calendar';
import { KAZAKHSTAN_CALENDAR } from '../../domain/calendar/data/kazakhstan-calendar';
import { mergeCalendarData } from '../../domain/calendar/merge-calendar-data';
import { loadCalendarFile } from './load-calendar-file';

/**
 * The working calendar the service runs on: the built-in data, with the operator's override file
 * (`NUMLINK_CALENDAR_FILE`, SPEC §6) applied when one is given.
 */
export async function loadWorkingCalendar(file?: string): Promise<KazakhstanWorkingCalendar> {
  const data = file
    ? mergeCalendarData(KAZAKHSTAN_CALENDAR, await loadCalendarFile(file))
    : KAZAKHSTAN_CALENDAR;
  return createWorkingCalendar(data);
}
