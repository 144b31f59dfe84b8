import fc from 'fast-check';
import type { ComplaintCommand } from '../../../src/domain/complaint/commands';
import type { ComplaintBody, FilingBody } from '../../../src/domain/complaint/commands';
import { decide } from '../../../src/domain/complaint/decide';
import { DEADLINE_TERMS } from '../../../src/domain/complaint/decide';
import type { ScheduledDeadline } from '../../../src/domain/complaint/events';
import { COMPLAINT_EVENT_SCHEMA_VERSIONS, type ComplaintEvent } from '../../../src/domain/complaint/events';
import { evolve, initialComplaintState, type ComplaintState } from '../../../src/domain/complaint/state';
import { instantFromMillis, toMillis, type Instant } from '../../../src/domain/shared/instant';
import { addDays, endOfAlmatyDay, type LocalDate } from '../../../src/domain/shared/local-date';
import { complaintId, deadlinesOf, iin, recordComplaint, registerComplaint } from './complaint-cases';
import { calendar } from './test-working-calendar';

const FIVE_HOURS = 5 * 3_600_000;
/** 2024-01-01 .. 2027-12-31: the years the real calendar covers at least. */
const instantInCoveredYears = fc
  .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) })
  .map((ms) => instantFromMillis(ms));

/** The Asia/Almaty (UTC+5) date of an instant, computed here independently of the domain. */
const almatyDay = (at: Instant) =>
  new Date(toMillis(at) + FIVE_HOURS).toISOString().slice(0, 10) as LocalDate;

function workingDaysBetween(dayZero: LocalDate, dueDate: LocalDate): number {
  let count = 0;
  for (let day = addDays(dayZero, 1); day <= dueDate; day = addDays(day, 1))
    if (calendar.isWorkingDay(day)) count++;
  return count;
}

function expectCountedFrom(dayZero: LocalDate, deadlines: readonly ScheduledDeadline[]) {
  for (const d of deadlines) {
    expect(d.dueDate > dayZero).toBe(true);
    expect(calendar.isWorkingDay(d.dueDate)).toBe(true);
    expect(workingDaysBetween(dayZero, d.dueDate)).toBe(DEADLINE_TERMS[d.kind]);
    expect(d.endsAt).toBe(endOfAlmatyDay(d.dueDate));
  }
}

describe('deadline counting for any registration instant (Rules §10, SPEC R22)', () => {
  it('puts every due date on the Nth working day after the Almaty date of the filing', () =>
    fc.assert(
      fc.property(
        instantInCoveredYears,
        fc.constantFrom('service_provider', 'quality_authority'),
        (at, filedWith) => {
          const decision = decide(
            recordComplaint({ registeredAt: at, at, filedWith }),
            initialComplaintState,
            calendar,
          );
          const recorded = decision.events[0];
          if (recorded?.type !== 'ComplaintRecorded') throw new Error('expected ComplaintRecorded');
          expect(recorded.data.deadlines.map((d) => d.kind)).toEqual(
            filedWith === 'service_provider'
              ? ['forward_or_satisfy', 'provider_consideration']
              : ['authority_consideration'],
          );
          expectCountedFrom(almatyDay(at), recorded.data.deadlines);
        },
      ),
    ));

  it('counts the quality authority’s 15 working days from the Almaty date of its registration', () =>
    fc.assert(
      fc.property(instantInCoveredYears, fc.integer({ min: 0, max: 60 * 86_400_000 }), (filedAt, delay) => {
        const registeredAt = instantFromMillis(toMillis(filedAt) + delay);
        const state = evolve(initialComplaintState, {
          type: 'ComplaintRecorded',
          data: {
            complaintId,
            iin,
            filedWith: 'service_provider',
            registeredAt: filedAt,
            subject: 's',
            text: 't',
            deadlines: [],
          },
        });
        const decision = decide(registerComplaint(registeredAt), state, calendar);
        const registered = decision.events[0];
        if (registered?.type !== 'ComplaintRegistered') throw new Error('expected ComplaintRegistered');
        expect(registered.data.deadlines.map((d) => d.kind)).toEqual(['authority_consideration']);
        expectCountedFrom(almatyDay(registeredAt), registered.data.deadlines);
      }),
    ));
});

// Arbitrary histories of one complaint: a filing, then any stage commands at any later instants.
const FILED_AT = Date.UTC(2026, 2, 2, 5);
const later = fc
  .integer({ min: -86_400_000, max: 40 * 86_400_000 })
  .map((ms) => instantFromMillis(FILED_AT + ms));
const lag = fc.integer({ min: 0, max: 5 * 86_400_000 });
const body = fc.constantFrom<ComplaintBody>('service_provider', 'higher_body', 'quality_authority');
const stamped = <T extends object>(fields: fc.Arbitrary<T>, key: keyof T & string) =>
  fc.tuple(fields, lag).map(([f, l]) => ({
    ...f,
    at: instantFromMillis(toMillis(f[key] as Instant) + l),
  }));

const stageCommand: fc.Arbitrary<ComplaintCommand> = fc.oneof(
  stamped(
    fc.record({
      type: fc.constant('ForwardComplaint' as const),
      complaintId: fc.constant(complaintId),
      to: body,
      forwardedAt: later,
    }),
    'forwardedAt',
  ),
  stamped(
    fc.record({
      type: fc.constant('DecideComplaint' as const),
      complaintId: fc.constant(complaintId),
      by: body,
      outcome: fc.constantFrom('satisfied' as const, 'partially_satisfied' as const, 'rejected' as const),
      decidedAt: later,
      reason: fc.constant('reason'),
    }),
    'decidedAt',
  ),
  stamped(
    fc.record({
      type: fc.constant('RegisterComplaint' as const),
      complaintId: fc.constant(complaintId),
      body: fc.constantFrom('quality_authority' as const, 'higher_body' as const),
      registeredAt: later,
    }),
    'registeredAt',
  ),
  stamped(
    fc.record({
      type: fc.constant('AppealToCourt' as const),
      complaintId: fc.constant(complaintId),
      appealedAt: later,
    }),
    'appealedAt',
  ),
  fc.record({
    type: fc.constant('MarkMissedDeadlines' as const),
    complaintId: fc.constant(complaintId),
    at: later,
  }),
);

const history = fc.tuple(
  fc.constantFrom<FilingBody>('service_provider', 'quality_authority'),
  fc.array(stageCommand, { maxLength: 12 }),
);

interface Run {
  readonly states: ComplaintState[];
  readonly steps: { command: ComplaintCommand; events: readonly ComplaintEvent[]; refusal?: string }[];
}

function run(commands: readonly ComplaintCommand[]): Run {
  let state = initialComplaintState;
  const run: Run = { states: [state], steps: [] };
  for (const command of commands) {
    const decision = decide(command, state, calendar);
    state = decision.events.reduce(evolve, state);
    run.states.push(state);
    run.steps.push({
      command,
      events: decision.events,
      ...(decision.ok ? {} : { refusal: decision.refusal.code }),
    });
  }
  return run;
}

const commandsOf = ([filedWith, stages]: [FilingBody, ComplaintCommand[]]): ComplaintCommand[] => [
  recordComplaint({ filedWith, registeredAt: instantFromMillis(FILED_AT), at: instantFromMillis(FILED_AT) }),
  ...stages,
];

describe('the complaint decider over any history', () => {
  it('is deterministic: the same commands give the same events, refusals and states', () =>
    fc.assert(fc.property(history, (h) => expect(run(commandsOf(h))).toEqual(run(commandsOf(h))))));

  it('rebuilds the same state by replaying the recorded events', () =>
    fc.assert(
      fc.property(history, (h) => {
        const { states, steps } = run(commandsOf(h));
        const replayed = steps.flatMap((s) => s.events).reduce(evolve, initialComplaintState);
        expect(replayed).toEqual(states[states.length - 1]);
      }),
    ));

  it('never turns a met or missed deadline into anything else, and meets only within the term', () =>
    fc.assert(
      fc.property(history, (h) => {
        const { states } = run(commandsOf(h));
        for (let i = 1; i < states.length; i++) {
          const before = states[i - 1];
          const after = states[i];
          if (!before?.recorded || !after) continue;
          for (const settled of deadlinesOf(before).filter((d) => d.status !== 'pending')) {
            expect(deadlinesOf(after).find((d) => d.kind === settled.kind)).toEqual(settled);
          }
          for (const met of deadlinesOf(after))
            if (met.status === 'met') expect(met.metAt < met.endsAt).toBe(true);
        }
      }),
    ));

  it('records a deadline missed once, only after its due date ended, and never a met one', () =>
    fc.assert(
      fc.property(history, (h) => {
        const { steps, states } = run(commandsOf(h));
        const missedKinds: string[] = [];
        steps.forEach((step, i) => {
          for (const e of step.events) {
            if (e.type !== 'ComplaintDeadlineMissed') continue;
            expect(missedKinds).not.toContain(e.data.kind);
            missedKinds.push(e.data.kind);
            expect(e.data.missedAt <= step.command.at).toBe(true);
            const before = states[i];
            expect(before?.recorded && deadlinesOf(before).find((d) => d.kind === e.data.kind)?.status).toBe(
              'pending',
            );
          }
        });
      }),
    ));

  it('lets a court appeal through only after a decision on the complaint', () =>
    fc.assert(
      fc.property(history, (h) => {
        const { steps, states } = run(commandsOf(h));
        steps.forEach((step, i) => {
          const appeal = step.events.find((e) => e.type === 'ComplaintAppealedToCourt');
          if (!appeal || appeal.type !== 'ComplaintAppealedToCourt') return;
          const before = states[i];
          const decisions = before?.recorded ? before.decisions : [];
          expect(decisions.some((d) => d.decidedAt <= appeal.data.appealedAt)).toBe(true);
        });
      }),
    ));

  it('writes only event types with a schema version', () =>
    fc.assert(
      fc.property(history, (h) => {
        for (const e of run(commandsOf(h)).steps.flatMap((s) => s.events)) {
          expect(COMPLAINT_EVENT_SCHEMA_VERSIONS[e.type]).toBe(1);
        }
      }),
    ));
});
