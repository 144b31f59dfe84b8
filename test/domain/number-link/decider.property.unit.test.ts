import fc from 'fast-check';
import { numberLinkDecider } from '../../../src/domain/number-link/decider';
import type {
  ConnectNumber,
  NumberLinkCommand,
  ReleaseNumber,
} from '../../../src/domain/number-link/commands';
import type { NumberLinkState } from '../../../src/domain/number-link/state';
import { plusSeconds } from '../../../src/domain/shared/instant';
import type { Msisdn } from '../../../src/domain/shared/msisdn';
import { citizen, monday, otherCitizen } from './number-link-fixtures';

const { decide, evolve } = numberLinkDecider;

const phones = ['+77011234567', '+77071234567', '+77471234567'] as Msisdn[];

/** Each command at its own later instant, as an account's stream records them. */
const commandsArb: fc.Arbitrary<NumberLinkCommand[]> = fc
  .array(
    fc.oneof(
      fc
        .record({ phone: fc.constantFrom(...phones), request: fc.nat(5) })
        .map(({ phone, request }): Omit<ConnectNumber, 'at'> => ({
          type: 'ConnectNumber',
          iin: citizen,
          phone,
          requestId: `req-${request}`,
          channel: 'portal',
        })),
      fc
        .record({ phone: fc.constantFrom(...phones), holder: fc.constantFrom(citizen, otherCitizen, null) })
        .map(({ phone, holder }): Omit<ReleaseNumber, 'at'> => ({
          type: 'ReleaseNumber',
          iin: citizen,
          phone,
          reason: 'number_moved_to_another_account',
          byRequestId: 'req-other',
          holder,
        })),
    ),
    { maxLength: 15 },
  )
  .map((commands) =>
    commands.map((c, i) => ({ ...c, at: plusSeconds(monday, i * 60) }) as NumberLinkCommand),
  );

function statesOf(commands: NumberLinkCommand[]): NumberLinkState[] {
  const states = [numberLinkDecider.initialState];
  for (const command of commands) {
    const state = states[states.length - 1]!;
    states.push(decide(command, state).events.reduce(evolve, state));
  }
  return states;
}

describe('the number-link decider, for any sequence of commands', () => {
  it('keeps at most one connected number: the newest history entry, unreleased', () =>
    fc.assert(
      fc.property(commandsArb, (commands) => {
        for (const state of statesOf(commands)) {
          const unreleased = state.history.filter((entry) => entry.releasedAt === undefined);
          expect(unreleased.length).toBeLessThanOrEqual(1);
          expect(state.current).toEqual(unreleased.length === 1 ? state.history[0] : null);
          const times = state.history.map((entry) => entry.connectedAt);
          expect([...times].sort().reverse()).toEqual(times);
        }
      }),
    ));

  it('records nothing when a command is retried right after it was applied', () =>
    fc.assert(
      fc.property(commandsArb, (commands) => {
        const states = statesOf(commands);
        commands.forEach((command, i) => {
          const decision = decide(command, states[i + 1]!);
          expect(decision).toEqual({ ok: true, events: [] });
        });
      }),
    ));

  it('decides the same way every time', () =>
    fc.assert(
      fc.property(commandsArb, (commands) => {
        const states = statesOf(commands);
        commands.forEach((command, i) =>
          expect(decide(command, states[i]!)).toEqual(decide(command, states[i]!)),
        );
      }),
    ));
});
