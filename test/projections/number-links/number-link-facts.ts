import fc from 'fast-check';
import type { NumberLinkEvent } from '../../../src/domain/number-link/events';
import { numberLinkDecider } from '../../../src/domain/number-link/decider';
import type { NumberLinkState } from '../../../src/domain/number-link/state';
import { numberLinkStreamId } from '../../../src/domain/number-link/decider';
import type { Iin } from '../../../src/domain/shared/iin';
import { plusSeconds, type Instant } from '../../../src/domain/shared/instant';
import type { Msisdn } from '../../../src/domain/shared/msisdn';

export const accounts = ['900101300126', '850502400232', '770303300343', '010101500013'] as Iin[];
export const numbers = ['+77011234567', '+77071234567', '+77471234567'] as Msisdn[];
export const start = '2026-11-23T09:00:00.000Z' as Instant;

/** An event of one account's stream, at its revision. */
export interface StreamEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly event: NumberLinkEvent;
}

/** One citizen proving possession of a number: their connection, and the previous holder's release. */
export interface Confirmation {
  readonly account: number;
  readonly phone: number;
  /** The previous holder's release comes before the new holder's connection in the global order. */
  readonly releaseFirst: boolean;
}

/**
 * Plays confirmations through the number-link decider, as the application does (SPEC R11: the number
 * moves to the citizen who proved possession; the account that held it is released). Answers the events
 * in global order and each account's final state.
 */
export function playConfirmations(confirmations: readonly Confirmation[]): {
  events: StreamEvent[];
  states: Map<Iin, NumberLinkState>;
} {
  const states = new Map<Iin, NumberLinkState>();
  const holders = new Map<Msisdn, Iin>();
  const revisions = new Map<Iin, number>();
  const events: StreamEvent[] = [];
  const decideFor = (iin: Iin, command: Parameters<typeof numberLinkDecider.decide>[0]): StreamEvent[] => {
    const state = states.get(iin) ?? numberLinkDecider.initialState;
    const decided = numberLinkDecider.decide(command, state).events;
    states.set(iin, decided.reduce(numberLinkDecider.evolve, state));
    const revision = revisions.get(iin) ?? 0;
    revisions.set(iin, revision + decided.length);
    return decided.map((event, i) => ({ streamId: numberLinkStreamId(iin), revision: revision + i, event }));
  };
  confirmations.forEach(({ account, phone: p, releaseFirst }, step) => {
    const iin = accounts[account]!;
    const phone = numbers[p]!;
    const at = plusSeconds(start, step * 60);
    const requestId = `req-${step}`;
    const connected = decideFor(iin, { type: 'ConnectNumber', iin, phone, requestId, channel: 'portal', at });
    const previous = holders.get(phone);
    holders.set(phone, iin);
    const release =
      previous === undefined || previous === iin
        ? []
        : decideFor(previous, {
            type: 'ReleaseNumber',
            iin: previous,
            phone,
            reason: 'number_moved_to_another_account',
            byRequestId: requestId,
            holder: iin,
            at,
          });
    events.push(...(releaseFirst ? [...release, ...connected] : [...connected, ...release]));
  });
  return { events, states };
}

/** One step of a log written by hand: an account connects, changes to or releases a number. */
export interface LogStep {
  readonly account: number;
  readonly phone: number;
  readonly kind: 'connect' | 'change' | 'release';
}

/**
 * A log whose streams are each in order but whose accounts are out of step with each other in any way
 * (a release late, or never written; a new holder moving on before the old holder's release): what the
 * view must fold to the same rows whatever the batches, and the rebuild in one pass too. A change or a
 * release of an account without a number is a connection, or nothing.
 */
export function writeLog(steps: readonly LogStep[]): StreamEvent[] {
  const current = new Map<Iin, Msisdn>();
  const revisions = new Map<Iin, number>();
  const events: StreamEvent[] = [];
  steps.forEach(({ account, phone: p, kind }, step) => {
    const iin = accounts[account]!;
    const phone = numbers[p]!;
    const at = plusSeconds(start, step * 60);
    const requestId = `req-${step}`;
    const held = current.get(iin);
    let event: NumberLinkEvent;
    if (kind === 'release') {
      if (held === undefined) return;
      event = {
        type: 'NumberReleased',
        data: { iin, phone: held, reason: 'number_moved_to_another_account', byRequestId: requestId, at },
      };
      current.delete(iin);
    } else {
      event =
        kind === 'change' && held !== undefined
          ? { type: 'NumberChanged', data: { iin, from: held, to: phone, requestId, channel: 'bank', at } }
          : { type: 'NumberConnected', data: { iin, phone, requestId, channel: 'portal', at } };
      current.set(iin, phone);
    }
    const revision = revisions.get(iin) ?? 0;
    revisions.set(iin, revision + 1);
    events.push({ streamId: numberLinkStreamId(iin), revision, event });
  });
  return events;
}

/** Any such log over the few accounts and numbers above (numbers meet often). */
export const anyLog: fc.Arbitrary<StreamEvent[]> = fc
  .array(
    fc.record<LogStep>({
      account: fc.nat(accounts.length - 1),
      phone: fc.nat(numbers.length - 1),
      kind: fc.constantFrom('connect', 'change', 'release'),
    }),
    { maxLength: 30 },
  )
  .map(writeLog);
