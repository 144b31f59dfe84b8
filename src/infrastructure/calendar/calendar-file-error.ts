/** The calendar override file cannot be used: the service must not start on a calendar it cannot trust. */
export class CalendarFileError extends Error {
  override readonly name = 'CalendarFileError';

  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Calendar file ${file} (NUMLINK_CALENDAR_FILE) is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}
