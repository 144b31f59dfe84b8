import type {
  ComplaintBody,
  ComplaintOutcome,
  FilingBody,
  RegisteringBody,
} from '../../domain/complaint/commands';
import type { DeadlineKind } from '../../domain/complaint/events';
import type { ComplaintDeadline, ComplaintStage } from '../../domain/complaint/state';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { LocalDate } from '../../domain/shared/local-date';
import type { ComplaintRecord } from './complaint-record';

export type DeadlineStatus = ComplaintDeadline['status'];

/** SPEC R21: a deadline row as the API answers it. */
export interface DeadlineView {
  readonly kind: DeadlineKind;
  /** The body the term binds. */
  readonly body: ComplaintBody;
  readonly dueDate: LocalDate;
  /** 24:00 Asia/Almaty of `dueDate`. */
  readonly endsAt: Instant;
  readonly status: DeadlineStatus;
  readonly metAt?: Instant;
  readonly metBy?: 'ComplaintForwarded' | 'ComplaintDecided';
  readonly missedAt?: Instant;
}

/** SPEC §4: a complaint with its stages and deadlines. */
export interface ComplaintView {
  readonly complaintId: string;
  readonly iin: Iin;
  readonly filedWith: FilingBody;
  readonly registeredAt: Instant;
  readonly requestId?: string;
  readonly subject: string;
  readonly text: string;
  readonly stage: ComplaintStage;
  /** The body the complaint is with now. */
  readonly body: ComplaintBody;
  readonly forwarding?: { readonly to: ComplaintBody; readonly forwardedAt: Instant };
  readonly registrations: readonly { readonly body: RegisteringBody; readonly registeredAt: Instant }[];
  readonly decisions: readonly {
    readonly by: ComplaintBody;
    readonly outcome: ComplaintOutcome;
    readonly decidedAt: Instant;
    readonly reason: string;
  }[];
  readonly appealedToCourtAt?: Instant;
  /** Earliest due date first. */
  readonly deadlines: readonly DeadlineView[];
}

/** Rules §10: whose term each deadline is. */
export const deadlineBody = (kind: DeadlineKind): ComplaintBody =>
  kind === 'authority_consideration' ? 'quality_authority' : 'service_provider';

const KIND_ORDER: readonly DeadlineKind[] = [
  'forward_or_satisfy',
  'provider_consideration',
  'authority_consideration',
];

export function deadlineView(deadline: ComplaintDeadline): DeadlineView {
  const { kind, dueDate, endsAt, status } = deadline;
  return {
    kind,
    body: deadlineBody(kind),
    dueDate,
    endsAt,
    status,
    ...(deadline.status === 'met' ? { metAt: deadline.metAt, metBy: deadline.metBy } : {}),
    ...(deadline.status === 'missed' ? { missedAt: deadline.missedAt } : {}),
  };
}

export function toComplaintView(record: ComplaintRecord): ComplaintView {
  const { complaint } = record;
  const deadlines = [...complaint.deadlines]
    .sort((a, b) =>
      a.dueDate === b.dueDate
        ? KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)
        : a.dueDate < b.dueDate
          ? -1
          : 1,
    )
    .map(deadlineView);
  return {
    complaintId: complaint.complaintId,
    iin: complaint.iin,
    filedWith: complaint.filedWith,
    registeredAt: complaint.registeredAt,
    ...(complaint.requestId === undefined ? {} : { requestId: complaint.requestId }),
    subject: record.subject,
    text: record.text,
    stage: complaint.stage,
    body: record.body,
    ...(complaint.forwarding ? { forwarding: complaint.forwarding } : {}),
    registrations: complaint.registrations,
    decisions: record.decisions,
    ...(complaint.appealedToCourtAt === undefined ? {} : { appealedToCourtAt: complaint.appealedToCourtAt }),
    deadlines,
  };
}
