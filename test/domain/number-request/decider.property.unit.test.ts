import fc from 'fast-check';
import { numberRequestDecider } from '../../../src/domain/number-request/decider';
import type { ConfirmNumber, NumberRequestCommand } from '../../../src/domain/number-request/commands';
import type { BiometricCheck, SignatureCheck } from '../../../src/domain/number-request/commands';
import type { NumberRequestEvent } from '../../../src/domain/number-request/events';
import type { NumberRequestState } from '../../../src/domain/number-request/state';
import type { Decision } from '../../../src/domain/shared/refusal';
import {
  bankConnect,
  limits,
  mobileChange,
  mobileConnect,
  opened,
  portalChange,
  portalConnect,
  secondsAfterOpening,
  type RequestShape,
} from './number-request-fixtures';

const { decide, evolve } = numberRequestDecider;

const shapeArb = fc.constantFrom<RequestShape>(
  portalConnect,
  mobileConnect,
  bankConnect,
  portalChange,
  mobileChange,
);

const signatureArb: fc.Arbitrary<SignatureCheck | undefined> = fc.constantFrom(
  undefined,
  { status: 'valid' },
  { status: 'missing' },
  { status: 'invalid', code: 'signature_invalid', reason: 'bad' },
  { status: 'invalid', code: 'certificate_untrusted', reason: 'expired' },
  { status: 'invalid', code: 'signer_mismatch', reason: 'other iin' },
);

const biometricArb: fc.Arbitrary<BiometricCheck | undefined> = fc.constantFrom(
  undefined,
  { status: 'passed' },
  { status: 'missing' },
  { status: 'failed', reason: 'no_match' },
);

/** Seconds after the request was opened: before, at and after the ends of the code and the term. */
const secondsArb = fc.integer({ min: 0, max: limits.serviceTermSeconds + 120 });

const confirmArb = (otpMatches: fc.Arbitrary<boolean>): fc.Arbitrary<ConfirmNumber> =>
  fc
    .record({ seconds: secondsArb, otpMatches, signature: signatureArb, biometric: biometricArb })
    .map((c) => ({
      type: 'ConfirmNumber',
      at: secondsAfterOpening(c.seconds),
      currentLink: null,
      otpMatches: c.otpMatches,
      signature: c.signature,
      biometric: c.biometric,
    }));

const otherCommandArb: fc.Arbitrary<NumberRequestCommand> = fc.oneof(
  fc.record({ seconds: secondsArb, n: fc.nat(99) }).map(({ seconds, n }): NumberRequestCommand => ({
    type: 'ResendOtp',
    otp: { hash: `hash-r${n}`, sealed: `sealed-r${n}` },
    at: secondsAfterOpening(seconds),
  })),
  secondsArb.map((seconds): NumberRequestCommand => ({
    type: 'ExpireRequest',
    at: secondsAfterOpening(seconds),
  })),
);

const commandsArb = fc.array(fc.oneof(confirmArb(fc.boolean()), otherCommandArb), { maxLength: 20 });

/** Commands in time order, as a store would see them. */
const inTimeOrder = (commands: NumberRequestCommand[]): NumberRequestCommand[] =>
  [...commands].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

interface Run {
  readonly decisions: Decision<NumberRequestEvent>[];
  readonly events: NumberRequestEvent[];
  readonly states: NumberRequestState[];
}

function run(shape: RequestShape, commands: NumberRequestCommand[]): Run {
  let state = opened(shape).reduce(evolve, numberRequestDecider.initialState);
  const run: Run = { decisions: [], events: [], states: [state] };
  for (const command of commands) {
    const decision = decide(command, state);
    state = decision.events.reduce(evolve, state);
    run.decisions.push(decision);
    run.events.push(...decision.events);
    run.states.push(state);
  }
  return run;
}

const attemptsLeftOf = (state: NumberRequestState): number | undefined =>
  'attemptsLeft' in state ? state.attemptsLeft : undefined;

describe('the number-request decider, for any sequence of commands', () => {
  it('never connects a number without the right code (Rules §9)', () =>
    fc.assert(
      fc.property(
        shapeArb,
        fc.array(fc.oneof(confirmArb(fc.constant(false)), otherCommandArb)),
        (shape, commands) => {
          const { events, states } = run(shape, inTimeOrder(commands));
          expect(events.some((e) => e.type === 'NumberConfirmed')).toBe(false);
          expect(states.some((s) => s.status === 'connected')).toBe(false);
        },
      ),
    ));

  it('never has a negative number of attempts, and counts one per failed confirmation', () =>
    fc.assert(
      fc.property(shapeArb, commandsArb, (shape, commands) => {
        const { events, states } = run(shape, inTimeOrder(commands));
        for (const state of states) expect(attemptsLeftOf(state) ?? 0).toBeGreaterThanOrEqual(0);
        const failures = events.filter((e) => e.type === 'OtpConfirmationFailed').length;
        expect(failures).toBeLessThanOrEqual(limits.maxAttempts);
        expect(attemptsLeftOf(states[states.length - 1]!)).toBe(limits.maxAttempts - failures);
      }),
    ));

  it('lets nothing succeed after attempts_exceeded', () =>
    fc.assert(
      fc.property(shapeArb, commandsArb, (shape, commands) => {
        const ordered = inTimeOrder(commands);
        const { decisions } = run(shape, ordered);
        const exceeded = decisions.findIndex((d) => !d.ok && d.refusal.code === 'attempts_exceeded');
        if (exceeded < 0) return;
        decisions.slice(exceeded).forEach((later, i) => {
          expect(later.events).toEqual([]);
          if (ordered[exceeded + i]!.type !== 'ExpireRequest') expect(later.ok).toBe(false);
        });
      }),
    ));

  it('records at most one outcome: connected, refused or expired, and nothing after it', () =>
    fc.assert(
      fc.property(shapeArb, commandsArb, (shape, commands) => {
        const { events } = run(shape, inTimeOrder(commands));
        const outcomes = ['NumberConfirmed', 'RequestRefused', 'RequestExpired'];
        const first = events.findIndex((e) => outcomes.includes(e.type));
        if (first >= 0) expect(events.slice(first + 1)).toEqual([]);
      }),
    ));

  it('never sends more codes than the request allows, nor sooner than the cooldown', () =>
    fc.assert(
      fc.property(shapeArb, fc.array(otherCommandArb), (shape, commands) => {
        const { events } = run(shape, inTimeOrder(commands));
        const sends = [...opened(shape), ...events].flatMap((e) => (e.type === 'OtpIssued' ? [e.data] : []));
        expect(sends.length).toBeLessThanOrEqual(limits.maxSendsPerRequest);
        sends.slice(1).forEach((send, i) => {
          const gap = (Date.parse(send.issuedAt) - Date.parse(sends[i]!.issuedAt)) / 1000;
          expect(gap).toBeGreaterThanOrEqual(limits.resendCooldownSeconds);
          expect(send.otpExpiresAt <= send.expiresAt).toBe(true);
        });
      }),
    ));

  it('decides the same way every time for the same state and command', () =>
    fc.assert(
      fc.property(
        shapeArb,
        commandsArb,
        fc.oneof(confirmArb(fc.boolean()), otherCommandArb),
        (shape, history, command) => {
          const { states } = run(shape, inTimeOrder(history));
          const state = states[states.length - 1]!;
          expect(decide(command, state)).toEqual(decide(command, state));
        },
      ),
    ));
});
