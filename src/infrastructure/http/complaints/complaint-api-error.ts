import { CalendarNotCoveredError } from '../../../domain/calendar/calendar-not-covered-error';
import type { Refusal } from '../../../domain/shared/refusal';
import { ApiError, validationFailed } from '../api-error';
import { refusalToApiError } from '../refusal-status';

/**
 * A complaint refusal as the API answers it. SPEC §4: an instant in the future is malformed input
 * (400 `validation_failed`); one before the complaint reached the body is a refusal (422).
 */
export function complaintRefusalToApiError(refusal: Refusal): ApiError {
  const details = refusal.details;
  if (refusal.code === 'invalid_chronology' && details?.notAfter !== undefined) {
    return validationFailed(`${String(details.field)}: may not lie in the future`, details);
  }
  return refusalToApiError(refusal);
}

/**
 * A due date in a year the working calendar does not cover: a configuration fault, answered clearly
 * rather than computed from a guessed calendar (the operator extends NUMLINK_CALENDAR_FILE).
 */
export function calendarNotCovered(error: CalendarNotCoveredError): ApiError {
  // Every 503 carries Retry-After; an operator has to extend the calendar first, so an hour.
  return new ApiError(
    503,
    'calendar_not_covered',
    error.message,
    { year: error.year, coveredYears: error.coveredYears },
    3600,
  );
}
