/**
 * The calendar has no data for `year`. A configuration fault, not a refusal of the citizen: the
 * operator adds the year through the calendar override file (`NUMLINK_CALENDAR_FILE`). Thrown rather
 * than returned so that no deadline is ever computed from a guessed calendar.
 */
export class CalendarNotCoveredError extends Error {
  override readonly name = 'CalendarNotCoveredError';

  constructor(
    readonly year: number,
    readonly coveredYears: readonly number[],
  ) {
    super(
      `The working calendar has no data for ${year} (covered: ${coveredYears.join(', ') || 'none'}); ` +
        'add the year to the calendar override file (NUMLINK_CALENDAR_FILE).',
    );
  }
}
