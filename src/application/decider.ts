import type { Decider } from '../domain/shared/decider';
import type { Instant } from '../domain/shared/instant';
import type { Decision, Refusal } from '../domain/shared/refusal';
import type { CommandContext } from './command-context';
import { toNewEvents } from './command-context';
import { WrongExpectedRevisionError, type EventStreams, type ExpectedRevision } from './ports/event-store';

export type { Decider } from '../domain/shared/decider';

export interface Loaded<State> {
  readonly state: State;
  readonly expected: ExpectedRevision;
}

/** The stream's state, and the revision an append must expect to keep it. */
export async function loadStream<C, S, E extends { type: string; data: unknown }>(
  store: EventStreams,
  streamId: string,
  decider: Decider<C, S, E>,
): Promise<Loaded<S>> {
  const events = await store.readStream(streamId);
  const state = events.reduce(
    (s, e) => decider.evolve(s, { type: e.type, data: e.data } as E),
    decider.initialState,
  );
  const last = events[events.length - 1];
  return { state, expected: last ? last.revision : 'no_stream' };
}

export interface Decided<S, E> {
  readonly decision: Decision<E>;
  /** The state after the decision's events. */
  readonly state: S;
  /** The state the decision was taken on. */
  readonly before: S;
}

const MAX_CONFLICT_RETRIES = 25;

/**
 * Load, decide, append with the loaded revision; when another writer got there first, load again and
 * decide again (the command is rebuilt from the fresh state: its facts may depend on it). The events
 * of a refusal are recorded too (a failed confirmation counts, Rules §9).
 */
export async function decideAndAppend<C, S, E extends { type: string; data: unknown }>(options: {
  readonly store: EventStreams;
  readonly streamId: string;
  readonly decider: Decider<C, S, E>;
  /** A refusal to answer before deciding (e.g. the request belongs to another principal). */
  readonly guard?: (state: S) => Refusal | undefined | Promise<Refusal | undefined>;
  readonly command: (state: S) => C | Promise<C>;
  readonly context: CommandContext;
  readonly at: Instant;
  /** Unique per command invocation (the same on a retry of the same invocation). */
  readonly commandId: string;
}): Promise<Decided<S, E>> {
  const { store, streamId, decider, context, at } = options;
  for (let attempt = 0; ; attempt++) {
    const { state, expected } = await loadStream(store, streamId, decider);
    const stop = await options.guard?.(state);
    if (stop) return { decision: { ok: false, refusal: stop, events: [] }, state, before: state };
    const decision = decider.decide(await options.command(state), state);
    if (decision.events.length === 0) return { decision, state, before: state };
    const seed = `${options.commandId}:${streamId}@${String(expected)}`;
    try {
      await store.append(streamId, toNewEvents(decision.events, context, at, seed), expected);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < MAX_CONFLICT_RETRIES) continue;
      throw error;
    }
    return { decision, state: decision.events.reduce(decider.evolve, state), before: state };
  }
}
