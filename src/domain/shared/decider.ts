import type { Decision } from './refusal';

/** A decider as one value (STYLE.md): fold the stream with `evolve`, then `decide`. */
export interface Decider<Command, State, Event> {
  readonly initialState: State;
  decide(command: Command, state: State): Decision<Event>;
  evolve(state: State, event: Event): State;
}
