import type { WorkingCalendar } from '../calendar/working-calendar';
import { isBefore, type Instant } from '../shared/instant';
import { almatyDateOf, endOfAlmatyDay, type LocalDate } from '../shared/local-date';
import type { FilingBody, RegisteringBody } from './complaint-body';

/** SPEC R21: the three clocks of Rules §10. */
export type DeadlineKind = 'forward_or_satisfy' | 'provider_consideration' | 'authority_consideration';

/** Rules §10: the terms, in working days after the day of receipt or registration. */
export const DEADLINE_TERMS: Readonly<Record<DeadlineKind, number>> = {
  forward_or_satisfy: 3,
  provider_consideration: 5,
  authority_consideration: 15,
};

/**
 * A deadline as set when the complaint reaches a body. Recorded in the event that sets it, so replay
 * never depends on a later change of the calendar or of Almaty's UTC offset (it changed in 2024).
 */
export interface ScheduledDeadline {
  readonly kind: DeadlineKind;
  readonly dueDate: LocalDate;
  /** 24:00 Asia/Almaty of `dueDate`: the first instant outside the term. */
  readonly endsAt: Instant;
}

/**
 * SPEC R22: the registration day (its Asia/Almaty date) is day 0 and the Nth working day after it is
 * the due date; a day off as day 0 counts the same way (the calendar's `workingDaysAfter`).
 */
export function scheduleDeadline(
  kind: DeadlineKind,
  registeredAt: Instant,
  calendar: WorkingCalendar,
): ScheduledDeadline {
  const dueDate = calendar.workingDaysAfter(almatyDateOf(registeredAt), DEADLINE_TERMS[kind]);
  return { kind, dueDate, endsAt: endOfAlmatyDay(dueDate) };
}

/**
 * Rules §10: a complaint filed with the service provider starts its 3-day forwarding clock and its
 * 5-day consideration clock; one filed with the quality authority its 15-day clock.
 */
export function deadlinesOnFiling(
  filedWith: FilingBody,
  registeredAt: Instant,
  calendar: WorkingCalendar,
): readonly ScheduledDeadline[] {
  if (filedWith === 'quality_authority') {
    return [scheduleDeadline('authority_consideration', registeredAt, calendar)];
  }
  return [
    scheduleDeadline('forward_or_satisfy', registeredAt, calendar),
    scheduleDeadline('provider_consideration', registeredAt, calendar),
  ];
}

/**
 * Rules §10 gives a term to the quality authority only (15 working days from its registration). The
 * higher body's term is not in the Rules, so its registration sets no clock here.
 */
export function deadlinesOnRegistration(
  body: RegisteringBody,
  registeredAt: Instant,
  calendar: WorkingCalendar,
): readonly ScheduledDeadline[] {
  return body === 'quality_authority'
    ? [scheduleDeadline('authority_consideration', registeredAt, calendar)]
    : [];
}

/** True when `at` falls within the deadline's term (before 24:00 Almaty of the due date). */
export const isWithinTerm = (deadline: ScheduledDeadline, at: Instant): boolean =>
  isBefore(at, deadline.endsAt);

/** True when the due date has ended by `at` (SPEC §4: a deadline still pending then is missed). */
export const hasEnded = (deadline: ScheduledDeadline, at: Instant): boolean => !isWithinTerm(deadline, at);
