import type { Decider, Loaded } from './decider';
import type { RecordedEvent } from './ports/event-store';

/** What deciding on a stream needs of its events: a stored event has it, and so has one just appended. */
export type StreamEvent = Pick<RecordedEvent, 'eventId' | 'type' | 'data' | 'revision'>;

/** A stream already read, folded: its state, and the revision an append must expect to keep it. */
export function foldStream<C, S, E extends { type: string; data: unknown }>(
  decider: Decider<C, S, E>,
  events: readonly StreamEvent[],
): Loaded<S> {
  // The one cast from stored to domain events: the store's schemas checked the types on the way in.
  const state = events.reduce(
    (s, e) => decider.evolve(s, { type: e.type, data: e.data } as E),
    decider.initialState,
  );
  const last = events[events.length - 1];
  return { state, expected: last ? last.revision : 'no_stream' };
}
