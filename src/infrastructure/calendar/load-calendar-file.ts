import { readFile } from 'node:fs/promises';
import type { CalendarOverrides } from '../../domain/calendar/merge-calendar-data';
import { CalendarFileError } from './calendar-file-error';
import { parseCalendarOverrides } from './parse-calendar-overrides';

/** Reads and checks the operator's calendar override file; throws `CalendarFileError` naming each bad entry. */
export async function loadCalendarFile(file: string): Promise<CalendarOverrides> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new CalendarFileError(file, [`cannot be read: ${(cause as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CalendarFileError(file, [`is not JSON: ${(cause as Error).message}`]);
  }
  const parsed = parseCalendarOverrides(json);
  if (!parsed.ok) throw new CalendarFileError(file, parsed.error);
  return parsed.value;
}
