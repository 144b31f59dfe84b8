import type { Decision } from '../../src/domain/shared/refusal';

/** What the helper needs of a decider: its initial state, `decide` and `evolve` (pure functions). */
export interface DeciderUnderTest<Command, State, Event> {
  readonly initialState: State;
  readonly decide: (command: Command, state: State) => Decision<Event>;
  readonly evolve: (state: State, event: Event) => State;
}

export interface Outcome<State, Event> {
  /** The raw decision, for assertions the helpers below do not cover. */
  readonly decision: Decision<Event>;
  /** The state the command was decided on (the given events folded). */
  readonly state: State;
  /** The state after the given events and the events this decision recorded. */
  readonly stateAfter: State;
  /** The command is accepted and records exactly `expected` (`[]`: accepted, nothing recorded). */
  thenEvents(expected: readonly Event[]): void;
  /** The command is refused with `code` (and exactly `details`, when given); what it records is not checked. */
  thenRefuses(code: string, details?: Readonly<Record<string, unknown>>): void;
  /** The command is refused with `code` (and `details`, when given) and records exactly `expected`. */
  thenRecordsAndRefuses(
    expected: readonly Event[],
    code: string,
    details?: Readonly<Record<string, unknown>>,
  ): void;
}

/**
 * A case in the regulation's words: given these past events, when this command, then these events
 * (or this refusal). `details`, when given, must equal the refusal's details exactly.
 */
export function given<Command, State, Event>(
  decider: DeciderUnderTest<Command, State, Event>,
  events: readonly Event[],
) {
  const state = events.reduce(decider.evolve, decider.initialState);
  return {
    state,
    when(command: Command): Outcome<State, Event> {
      const decision = decider.decide(command, state);
      const stateAfter = decision.events.reduce(decider.evolve, state);
      const thenRefuses = (code: string, details?: Readonly<Record<string, unknown>>): void => {
        if (decision.ok)
          throw new Error(`expected refusal ${code}, got events ${JSON.stringify(decision.events)}`);
        expect(decision.refusal.code).toBe(code);
        if (details !== undefined) expect(decision.refusal.details).toEqual(details);
      };
      return {
        decision,
        state,
        stateAfter,
        thenEvents(expected) {
          if (!decision.ok)
            throw new Error(`expected events, got refusal ${JSON.stringify(decision.refusal)}`);
          expect(decision.events).toEqual(expected);
        },
        thenRefuses,
        thenRecordsAndRefuses(expected, code, details) {
          thenRefuses(code, details);
          expect(decision.events).toEqual(expected);
        },
      };
    },
  };
}
