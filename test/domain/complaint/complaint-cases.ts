import type {
  AppealToCourt,
  ComplaintCommand,
  DecideComplaint,
  ForwardComplaint,
  MarkMissedDeadlines,
  RecordComplaint,
  RegisterComplaint,
} from '../../../src/domain/complaint/commands';
import { decide } from '../../../src/domain/complaint/decide';
import type { DeadlineKind, ScheduledDeadline } from '../../../src/domain/complaint/events';
import type {
  ComplaintAppealedToCourt,
  ComplaintDecided,
  ComplaintDeadlineMissed,
  ComplaintEvent,
  ComplaintForwarded,
  ComplaintRecorded,
  ComplaintRegistered,
} from '../../../src/domain/complaint/events';
import { evolve, initialComplaintState, type ComplaintState } from '../../../src/domain/complaint/state';
import type { Iin } from '../../../src/domain/shared/iin';
import { parseInstant, type Instant } from '../../../src/domain/shared/instant';
import { parseLocalDate, type LocalDate } from '../../../src/domain/shared/local-date';
import { given as givenFor } from '../../support/given-when-then';
import { calendar } from './test-working-calendar';

export function instant(text: string): Instant {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(`bad instant in a test: ${text}`);
  return parsed.value;
}

export function date(text: string): LocalDate {
  const parsed = parseLocalDate(text);
  if (!parsed.ok) throw new Error(`bad date in a test: ${text}`);
  return parsed.value;
}

/** A deadline as an event records it: due date and 24:00 Almaty of it (19:00Z that day). */
export const deadline = (kind: DeadlineKind, dueDate: string): ScheduledDeadline => ({
  kind,
  dueDate: date(dueDate),
  endsAt: instant(`${dueDate}T19:00:00.000Z`),
});

export const complaintDecider = {
  initialState: initialComplaintState,
  decide: (command: ComplaintCommand, state: ComplaintState) => decide(command, state, calendar),
  evolve,
};

/** Given these events of the complaint's stream, when a command, then events or a refusal. */
export const given = (...events: ComplaintEvent[]) => givenFor(complaintDecider, events);

export const complaintId = 'c-1';
export const iin = '900101300017' as Iin;

/** Monday 2 March 2026, 10:00 in Almaty. */
export const MONDAY_10_00 = instant('2026-03-02T05:00:00.000Z');

// Commands, with the defaults of one complaint filed with the service provider on MONDAY_10_00.

export const recordComplaint = (overrides: Partial<RecordComplaint> = {}): RecordComplaint => ({
  type: 'RecordComplaint',
  complaintId,
  iin,
  filedWith: 'service_provider',
  recordedBy: { role: 'reviewer', principal: 'reviewer' },
  registeredAt: MONDAY_10_00,
  subject: 'number not connected',
  text: 'The one-time password never arrived.',
  at: overrides.registeredAt ?? MONDAY_10_00,
  ...overrides,
});

export const forwardComplaint = (
  forwardedAt: string,
  overrides: Partial<ForwardComplaint> = {},
): ForwardComplaint => ({
  type: 'ForwardComplaint',
  complaintId,
  to: 'higher_body',
  forwardedAt: instant(forwardedAt),
  at: instant(forwardedAt),
  ...overrides,
});

export const decideComplaint = (
  decidedAt: string,
  overrides: Partial<DecideComplaint> = {},
): DecideComplaint => ({
  type: 'DecideComplaint',
  complaintId,
  by: 'service_provider',
  outcome: 'rejected',
  decidedAt: instant(decidedAt),
  reason: 'the number was connected as requested',
  at: instant(decidedAt),
  ...overrides,
});

export const registerComplaint = (
  registeredAt: string,
  overrides: Partial<RegisterComplaint> = {},
): RegisterComplaint => ({
  type: 'RegisterComplaint',
  complaintId,
  body: 'quality_authority',
  registeredAt: instant(registeredAt),
  at: instant(registeredAt),
  ...overrides,
});

export const appealToCourt = (appealedAt: string): AppealToCourt => ({
  type: 'AppealToCourt',
  complaintId,
  appealedAt: instant(appealedAt),
  at: instant(appealedAt),
});

export const markMissedDeadlines = (at: string): MarkMissedDeadlines => ({
  type: 'MarkMissedDeadlines',
  complaintId,
  at: instant(at),
});

// Events, written out by hand so the expected due dates are the cases' own arithmetic.

/** Filed with the service provider on MONDAY_10_00: forward by Thu 5 March, consider by Tue 10 March. */
export const complaintRecorded = (data: Partial<ComplaintRecorded['data']> = {}): ComplaintRecorded => ({
  type: 'ComplaintRecorded',
  data: {
    complaintId,
    iin,
    filedWith: 'service_provider',
    registeredAt: MONDAY_10_00,
    subject: 'number not connected',
    text: 'The one-time password never arrived.',
    deadlines: [
      deadline('forward_or_satisfy', '2026-03-05'),
      deadline('provider_consideration', '2026-03-10'),
    ],
    ...data,
  },
});

export const complaintForwarded = (
  forwardedAt: string,
  to: ComplaintForwarded['data']['to'] = 'higher_body',
): ComplaintForwarded => ({
  type: 'ComplaintForwarded',
  data: { complaintId, to, forwardedAt: instant(forwardedAt) },
});

export const complaintDecided = (
  decidedAt: string,
  data: Partial<ComplaintDecided['data']> = {},
): ComplaintDecided => ({
  type: 'ComplaintDecided',
  data: {
    complaintId,
    by: 'service_provider',
    outcome: 'rejected',
    decidedAt: instant(decidedAt),
    reason: 'the number was connected as requested',
    ...data,
  },
});

export const complaintRegistered = (
  registeredAt: string,
  data: Partial<ComplaintRegistered['data']> = {},
): ComplaintRegistered => ({
  type: 'ComplaintRegistered',
  data: {
    complaintId,
    body: 'quality_authority',
    registeredAt: instant(registeredAt),
    deadlines: [],
    ...data,
  },
});

export const complaintAppealedToCourt = (appealedAt: string): ComplaintAppealedToCourt => ({
  type: 'ComplaintAppealedToCourt',
  data: { complaintId, appealedAt: instant(appealedAt) },
});

export const complaintDeadlineMissed = (kind: DeadlineKind, dueDate: string): ComplaintDeadlineMissed => ({
  type: 'ComplaintDeadlineMissed',
  data: { complaintId, kind, dueDate: date(dueDate), missedAt: instant(`${dueDate}T19:00:00.000Z`) },
});

/** The deadline rows of a state, for assertions. */
export function deadlinesOf(state: ComplaintState) {
  if (!state.recorded) throw new Error('no complaint recorded');
  return state.deadlines;
}

export function deadlineOf(state: ComplaintState, kind: DeadlineKind) {
  const row = deadlinesOf(state).find((d) => d.kind === kind);
  if (!row) throw new Error(`no ${kind} deadline`);
  return row;
}
