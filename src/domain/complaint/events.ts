import type { DomainEvent } from '../shared/domain-event';
import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { LocalDate } from '../shared/local-date';
import type { ComplaintBody, ComplaintOutcome, FilingBody, RegisteringBody } from './commands';

/** SPEC R21: the three clocks of Rules §10. */
export type DeadlineKind = 'forward_or_satisfy' | 'provider_consideration' | 'authority_consideration';

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

/** SPEC R18, R21: the complaint as received, with the deadlines its filing set. */
export type ComplaintRecorded = DomainEvent<
  'ComplaintRecorded',
  {
    readonly complaintId: string;
    readonly iin: Iin;
    readonly filedWith: FilingBody;
    readonly registeredAt: Instant;
    readonly requestId?: string;
    readonly subject: string;
    readonly text: string;
    readonly deadlines: readonly ScheduledDeadline[];
  }
>;

export type ComplaintForwarded = DomainEvent<
  'ComplaintForwarded',
  { readonly complaintId: string; readonly to: ComplaintBody; readonly forwardedAt: Instant }
>;

export type ComplaintDecided = DomainEvent<
  'ComplaintDecided',
  {
    readonly complaintId: string;
    readonly by: ComplaintBody;
    readonly outcome: ComplaintOutcome;
    readonly decidedAt: Instant;
    readonly reason: string;
  }
>;

/** SPEC R20: registration at another body, with the deadlines it set (none for the higher body). */
export type ComplaintRegistered = DomainEvent<
  'ComplaintRegistered',
  {
    readonly complaintId: string;
    readonly body: RegisteringBody;
    readonly registeredAt: Instant;
    readonly deadlines: readonly ScheduledDeadline[];
  }
>;

export type ComplaintAppealedToCourt = DomainEvent<
  'ComplaintAppealedToCourt',
  { readonly complaintId: string; readonly appealedAt: Instant }
>;

/**
 * A deadline's due date ended while it was pending. Recorded (not derived) so the audit trail shows
 * it; `missedAt` is the end of the term (24:00 Almaty of `dueDate`), not when it was noticed.
 */
export type ComplaintDeadlineMissed = DomainEvent<
  'ComplaintDeadlineMissed',
  {
    readonly complaintId: string;
    readonly kind: DeadlineKind;
    readonly dueDate: LocalDate;
    readonly missedAt: Instant;
  }
>;

export type ComplaintEvent =
  | ComplaintRecorded
  | ComplaintForwarded
  | ComplaintDecided
  | ComplaintRegistered
  | ComplaintAppealedToCourt
  | ComplaintDeadlineMissed;

export type ComplaintEventType = ComplaintEvent['type'];

/** The schema version each complaint event is written with (see `EventSchemas.fromVersions`). */
export const COMPLAINT_EVENT_SCHEMA_VERSIONS: Readonly<Record<ComplaintEventType, number>> = {
  ComplaintRecorded: 1,
  ComplaintForwarded: 1,
  ComplaintDecided: 1,
  ComplaintRegistered: 1,
  ComplaintAppealedToCourt: 1,
  ComplaintDeadlineMissed: 1,
};
