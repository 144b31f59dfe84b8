import type { WorkingCalendar } from '../calendar/working-calendar';
import { isBefore, type Instant } from '../shared/instant';
import { almatyDateOf, endOfAlmatyDay, localDate, yearOf } from '../shared/local-date';
import { accept, refuse, type Decision } from '../shared/refusal';
import { err, ok, type Result } from '../shared/result';
import type {
  AppealToCourt,
  ComplaintBody,
  ComplaintCommand,
  DecideComplaint,
  ForwardComplaint,
  FilingBody,
  RecordComplaint,
  RegisterComplaint,
  RegisteringBody,
} from './commands';
import type { ComplaintDeadlineMissed, ComplaintEvent, DeadlineKind, ScheduledDeadline } from './events';
import { arrivedAt, isWithinTerm, type ComplaintState, type RecordedComplaint } from './state';

/** The stable codes the complaint decider refuses with (SPEC §2: every refusal is typed). */
export type ComplaintRefusalCode =
  | 'complaint_not_found'
  | 'complaint_already_recorded'
  | 'invalid_chronology'
  | 'not_filed_with_service_provider'
  | 'not_a_considering_body'
  | 'complaint_already_forwarded'
  | 'complaint_not_with_body'
  | 'complaint_already_decided'
  | 'complaint_already_registered'
  | 'court_appeal_premature'
  | 'complaint_already_appealed_to_court'
  | 'request_not_citable'
  | 'receipt_date_not_allowed'
  | 'receipt_date_too_early';

/** The same codes at run time (the message catalogue's test reads them); the type keeps both in step. */
const COMPLAINT_REFUSALS: Readonly<Record<ComplaintRefusalCode, true>> = {
  complaint_not_found: true,
  complaint_already_recorded: true,
  invalid_chronology: true,
  not_filed_with_service_provider: true,
  not_a_considering_body: true,
  complaint_already_forwarded: true,
  complaint_not_with_body: true,
  complaint_already_decided: true,
  complaint_already_registered: true,
  court_appeal_premature: true,
  complaint_already_appealed_to_court: true,
  request_not_citable: true,
  receipt_date_not_allowed: true,
  receipt_date_too_early: true,
};
export const COMPLAINT_REFUSAL_CODES = Object.keys(COMPLAINT_REFUSALS) as readonly ComplaintRefusalCode[];

const refuseWith = (
  code: ComplaintRefusalCode,
  details?: Record<string, unknown>,
): Decision<ComplaintEvent> => refuse<ComplaintEvent>(code, details);

/**
 * Rules §10, SPEC R18-R22. Misses are recorded by `MarkMissedDeadlines` alone (a scheduler sends it),
 * so each stage command records exactly its own fact.
 */
export function decide(
  command: ComplaintCommand,
  state: ComplaintState,
  calendar: WorkingCalendar,
): Decision<ComplaintEvent> {
  if (command.type === 'RecordComplaint') {
    return state.recorded ? refuseWith('complaint_already_recorded') : record(command, calendar);
  }
  if (!state.recorded) return refuseWith('complaint_not_found');
  switch (command.type) {
    case 'ForwardComplaint':
      return forward(command, state);
    case 'DecideComplaint':
      return decideOn(command, state);
    case 'RegisterComplaint':
      return register(command, state, calendar);
    case 'AppealToCourt':
      return appealToCourt(command, state);
    case 'MarkMissedDeadlines':
      return accept(...missedDeadlines(state, command.at));
  }
}

// SPEC R18: D0 and the body it was filed with; the filing sets its clocks (Rules §10, SPEC R21).
function record(command: RecordComplaint, calendar: WorkingCalendar): Decision<ComplaintEvent> {
  const { complaintId, iin, filedWith, requestId, subject, text } = command;
  if (requestId !== undefined && !mayCite(command)) return refuseWith('request_not_citable');
  const receipt = receiptDate(command);
  if (!receipt.ok) return receipt.error;
  const registeredAt = receipt.value;
  return accept({
    type: 'ComplaintRecorded',
    data: {
      complaintId,
      iin,
      filedWith,
      registeredAt,
      ...(requestId === undefined ? {} : { requestId }),
      subject,
      text,
      deadlines: deadlinesOnFiling(filedWith, registeredAt, calendar),
    },
  });
}

/**
 * A complaint cites a request of its own citizen; a channel only one it made itself (SPEC §4: a
 * request belongs to its principal). One code for every case, so a channel learns nothing of others'.
 */
function mayCite({ requestId, citedRequest, iin, recordedBy }: RecordComplaint): boolean {
  if (citedRequest === undefined || citedRequest.requestId !== requestId) return false;
  if (citedRequest.iin !== iin) return false;
  return recordedBy.role === 'reviewer' || citedRequest.principal === recordedBy.principal;
}

/**
 * SPEC R18, R22: D0 counts the deadlines, so it is the server's clock for a complaint a channel files;
 * a reviewer may enter a paper complaint received earlier, but not before 1 January of the previous
 * year (Almaty) nor in the future.
 */
function receiptDate(command: RecordComplaint): Result<Instant, Decision<ComplaintEvent>> {
  const { recordedBy, registeredAt, at } = command;
  if (registeredAt === undefined) return ok(at);
  if (recordedBy.role !== 'reviewer') return err(refuseWith('receipt_date_not_allowed'));
  const notBefore = startOfPreviousYear(at);
  if (isBefore(registeredAt, notBefore)) {
    return err(refuseWith('receipt_date_too_early', { field: 'registeredAt', notBefore }));
  }
  const late = notAfter('registeredAt', registeredAt, at);
  return late ? err(late) : ok(registeredAt);
}

/** 00:00 Asia/Almaty on 1 January of the year before `at`'s year there. */
function startOfPreviousYear(at: Instant): Instant {
  return endOfAlmatyDay(localDate(yearOf(almatyDateOf(at)) - 2, 12, 31));
}

// Rules §10: the service provider sends the complaint on to the body considering it, once.
function forward(command: ForwardComplaint, complaint: RecordedComplaint): Decision<ComplaintEvent> {
  const { to, forwardedAt, at } = command;
  if (complaint.filedWith !== 'service_provider') return refuseWith('not_filed_with_service_provider');
  if (!isConsideringBody(to)) return refuseWith('not_a_considering_body', { to });
  if (complaint.forwarding) return refuseWith('complaint_already_forwarded', { to: complaint.forwarding.to });
  const wrongTime = within('forwardedAt', forwardedAt, complaint.registeredAt, at);
  if (wrongTime) return wrongTime;
  return accept({
    type: 'ComplaintForwarded',
    data: { complaintId: complaint.complaintId, to, forwardedAt },
  });
}

// A body decides on a complaint that has reached it, once.
function decideOn(command: DecideComplaint, complaint: RecordedComplaint): Decision<ComplaintEvent> {
  const { by, outcome, decidedAt, reason, at } = command;
  const arrived = arrivedAt(complaint, by);
  if (arrived === undefined) return refuseWith('complaint_not_with_body', { by });
  if (complaint.decisions.some((d) => d.by === by)) return refuseWith('complaint_already_decided', { by });
  const wrongTime = within('decidedAt', decidedAt, arrived, at);
  if (wrongTime) return wrongTime;
  return accept({
    type: 'ComplaintDecided',
    data: { complaintId: complaint.complaintId, by, outcome, decidedAt, reason },
  });
}

// SPEC R20: registration at the quality authority starts its 15-day clock; at the higher body, none.
function register(
  command: RegisterComplaint,
  complaint: RecordedComplaint,
  calendar: WorkingCalendar,
): Decision<ComplaintEvent> {
  const { body, registeredAt, at } = command;
  if (complaint.filedWith === body || complaint.registrations.some((r) => r.body === body)) {
    return refuseWith('complaint_already_registered', { body });
  }
  const wrongTime = within('registeredAt', registeredAt, complaint.registeredAt, at);
  if (wrongTime) return wrongTime;
  return accept({
    type: 'ComplaintRegistered',
    data: {
      complaintId: complaint.complaintId,
      body,
      registeredAt,
      deadlines: deadlinesOnRegistration(body, registeredAt, calendar),
    },
  });
}

// Rules §10, SPEC R21: the court only after the pre-trial appeal has a decision.
function appealToCourt(command: AppealToCourt, complaint: RecordedComplaint): Decision<ComplaintEvent> {
  const { appealedAt, at } = command;
  if (complaint.appealedToCourtAt !== undefined) return refuseWith('complaint_already_appealed_to_court');
  const wrongTime = within('appealedAt', appealedAt, complaint.registeredAt, at);
  if (wrongTime) return wrongTime;
  if (!complaint.decisions.some((d) => !isBefore(appealedAt, d.decidedAt))) {
    return refuseWith('court_appeal_premature');
  }
  return accept({
    type: 'ComplaintAppealedToCourt',
    data: { complaintId: complaint.complaintId, appealedAt },
  });
}

/** SPEC §4: a deadline still pending when its due date ends (24:00 Almaty) becomes missed. */
function missedDeadlines(complaint: RecordedComplaint, at: Instant): ComplaintDeadlineMissed[] {
  return complaint.deadlines
    .filter((d) => d.status === 'pending' && hasEnded(d, at))
    .map((d) => ({
      type: 'ComplaintDeadlineMissed',
      data: { complaintId: complaint.complaintId, kind: d.kind, dueDate: d.dueDate, missedAt: d.endsAt },
    }));
}

/** A stage's instant lies between the complaint's arrival and now (the application's `at`). */
function within(
  field: string,
  instant: Instant,
  notBefore: Instant,
  at: Instant,
): Decision<ComplaintEvent> | undefined {
  if (isBefore(instant, notBefore)) return refuseWith('invalid_chronology', { field, notBefore });
  return notAfter(field, instant, at);
}

function notAfter(field: string, instant: Instant, at: Instant): Decision<ComplaintEvent> | undefined {
  return isBefore(at, instant) ? refuseWith('invalid_chronology', { field, notAfter: at }) : undefined;
}

/** Rules §10: the service provider forwards the complaint to the body considering it, never to itself. */
export const isConsideringBody = (body: ComplaintBody): boolean => body !== 'service_provider';

/** Rules §10: the terms, in working days after the day of receipt or registration. */
export const DEADLINE_TERMS: Readonly<Record<DeadlineKind, number>> = {
  forward_or_satisfy: 3,
  provider_consideration: 5,
  authority_consideration: 15,
};

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

/** True when the due date has ended by `at` (SPEC §4: a deadline still pending then is missed). */
export const hasEnded = (deadline: ScheduledDeadline, at: Instant): boolean => !isWithinTerm(deadline, at);
