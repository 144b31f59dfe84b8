import type { Iin } from '../shared/iin';
import { earliest, isBefore, type Instant } from '../shared/instant';
import type { ComplaintBody, ComplaintOutcome, FilingBody, RegisteringBody } from './commands';
import type { ComplaintDecided, ComplaintEvent, ComplaintForwarded, ScheduledDeadline } from './events';

/** The events that can meet a deadline: SPEC §4 records the one that did as `metBy`. */
type MeetingEvent = ComplaintForwarded | ComplaintDecided;

/** SPEC R21: a deadline row. Met-ness follows from the event that met it; missed-ness is recorded. */
export type ComplaintDeadline = ScheduledDeadline &
  (
    | { readonly status: 'pending' }
    | { readonly status: 'met'; readonly metAt: Instant; readonly metBy: MeetingEvent['type'] }
    | { readonly status: 'missed'; readonly missedAt: Instant }
  );

/** Where the complaint stands: the latest stage it reached. */
export type ComplaintStage = 'recorded' | 'forwarded' | 'registered' | 'decided' | 'appealed_to_court';

export interface ComplaintDecision {
  readonly by: ComplaintBody;
  readonly outcome: ComplaintOutcome;
  readonly decidedAt: Instant;
}

export interface RecordedComplaint {
  readonly recorded: true;
  readonly complaintId: string;
  readonly iin: Iin;
  readonly filedWith: FilingBody;
  readonly registeredAt: Instant;
  readonly requestId?: string;
  readonly stage: ComplaintStage;
  readonly forwarding?: { readonly to: ComplaintBody; readonly forwardedAt: Instant };
  readonly registrations: readonly { readonly body: RegisteringBody; readonly registeredAt: Instant }[];
  readonly decisions: readonly ComplaintDecision[];
  readonly appealedToCourtAt?: Instant;
  readonly deadlines: readonly ComplaintDeadline[];
}

export type ComplaintState = { readonly recorded: false } | RecordedComplaint;

export const initialComplaintState: ComplaintState = { recorded: false };

export function evolve(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  if (event.type === 'ComplaintRecorded') {
    if (state.recorded) return state;
    const { complaintId, iin, filedWith, registeredAt, requestId, deadlines } = event.data;
    return {
      recorded: true,
      complaintId,
      iin,
      filedWith,
      registeredAt,
      ...(requestId === undefined ? {} : { requestId }),
      stage: 'recorded',
      registrations: [],
      decisions: [],
      deadlines: deadlines.map(pending),
    };
  }
  if (!state.recorded) return state;
  switch (event.type) {
    case 'ComplaintForwarded': {
      const { to, forwardedAt } = event.data;
      return {
        ...state,
        stage: 'forwarded',
        forwarding: { to, forwardedAt },
        deadlines: meet(state.deadlines, event),
      };
    }
    case 'ComplaintDecided': {
      const { by, outcome, decidedAt } = event.data;
      return {
        ...state,
        stage: 'decided',
        decisions: [...state.decisions, { by, outcome, decidedAt }],
        deadlines: meet(state.deadlines, event),
      };
    }
    case 'ComplaintRegistered': {
      const { body, registeredAt, deadlines } = event.data;
      return {
        ...state,
        stage: 'registered',
        registrations: [...state.registrations, { body, registeredAt }],
        deadlines: [...state.deadlines, ...deadlines.map(pending)],
      };
    }
    case 'ComplaintAppealedToCourt':
      return { ...state, stage: 'appealed_to_court', appealedToCourtAt: event.data.appealedAt };
    case 'ComplaintDeadlineMissed': {
      const { kind, missedAt } = event.data;
      // A met deadline never becomes missed.
      return {
        ...state,
        deadlines: state.deadlines.map((d) =>
          d.kind === kind && d.status === 'pending' ? { ...scheduled(d), status: 'missed', missedAt } : d,
        ),
      };
    }
  }
}

/** When the complaint first reached `body` (filed, forwarded or registered there), if it did. */
export function arrivedAt(complaint: RecordedComplaint, body: ComplaintBody): Instant | undefined {
  const arrivals = [
    ...(complaint.filedWith === body ? [complaint.registeredAt] : []),
    ...(complaint.forwarding?.to === body ? [complaint.forwarding.forwardedAt] : []),
    ...complaint.registrations.filter((r) => r.body === body).map((r) => r.registeredAt),
  ];
  return arrivals.reduce<Instant | undefined>(
    (first, at) => (first === undefined ? at : earliest(first, at)),
    undefined,
  );
}

const scheduled = ({ kind, dueDate, endsAt }: ScheduledDeadline): ScheduledDeadline => ({
  kind,
  dueDate,
  endsAt,
});

const pending = (deadline: ScheduledDeadline): ComplaintDeadline => ({
  ...scheduled(deadline),
  status: 'pending',
});

function meet(deadlines: readonly ComplaintDeadline[], event: MeetingEvent): readonly ComplaintDeadline[] {
  const metAt = event.type === 'ComplaintForwarded' ? event.data.forwardedAt : event.data.decidedAt;
  return deadlines.map((d) =>
    d.status === 'pending' && isWithinTerm(d, metAt) && meets(d, event)
      ? { ...scheduled(d), status: 'met', metAt, metBy: event.type }
      : d,
  );
}

/** SPEC §4: which event meets which deadline (within its term, checked by the caller). */
function meets(deadline: ScheduledDeadline, event: MeetingEvent): boolean {
  switch (deadline.kind) {
    // Rules §10: forward within 3 working days, or fully satisfy the complaint within them.
    case 'forward_or_satisfy':
      return (
        event.type === 'ComplaintForwarded' ||
        (event.data.by === 'service_provider' && event.data.outcome === 'satisfied')
      );
    case 'provider_consideration':
      return event.type === 'ComplaintDecided';
    case 'authority_consideration':
      return event.type === 'ComplaintDecided' && event.data.by === 'quality_authority';
  }
}

/** True when `at` falls within the deadline's term (before 24:00 Almaty of the due date). */
export const isWithinTerm = (deadline: ScheduledDeadline, at: Instant): boolean =>
  isBefore(at, deadline.endsAt);
