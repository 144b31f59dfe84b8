import { parseLocalDate, type LocalDate } from '../../../src/domain/shared/local-date';

/** A calendar date written as in the published calendars, `YYYY-MM-DD`. */
export function date(text: string): LocalDate {
  const parsed = parseLocalDate(text);
  if (!parsed.ok) throw new Error(`not a date: ${text}`);
  return parsed.value;
}
