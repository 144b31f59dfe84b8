import type { Decider } from '../domain/shared/decider';
import type { DomainEvent } from '../domain/shared/domain-event';
import type { Instant } from '../domain/shared/instant';
import type { Decision, Refusal } from '../domain/shared/refusal';
import { type CommandContext, toNewEvents } from './command-context';
import { foldStream } from './streams';
import {
  WrongExpectedRevisionError,
  type EventStreams,
  type ExpectedRevision,
  type ReadStreamOptions,
  type RecordedEvent,
} from './ports/event-store';

export type { Decider } from '../domain/shared/decider';

export interface Loaded<State> {
  readonly state: State;
  readonly expected: ExpectedRevision;
}

/** A stored event of a stream whose events are `E`: the envelope around the domain event's `type` and `data`. */
export type Recorded<E extends DomainEvent> = Omit<RecordedEvent, 'type' | 'data'> & E;

/**
 * A stream's events typed by the caller's event union. The one cast from stored data to domain events:
 * the store validated each event against its schema when it was appended (`EventSchemas`), and a stream
 * holds only its own decider's events.
 */
export async function readStream<E extends DomainEvent>(
  streams: EventStreams,
  streamId: string,
  options?: ReadStreamOptions,
): Promise<Recorded<E>[]> {
  return (await streams.readStream(streamId, options)) as Recorded<E>[];
}

/** The stream's state, and the revision an append must expect to keep it. */
export async function loadStream<C, S, E extends DomainEvent>(
  store: EventStreams,
  streamId: string,
  decider: Decider<C, S, E>,
): Promise<Loaded<S>> {
  return foldStream(decider, await store.readStream(streamId));
}

export interface Decided<S, E> {
  readonly decision: Decision<E>;
  /** The state after the decision's events. */
  readonly state: S;
  /** The state the decision was taken on. */
  readonly before: S;
}

/** How many times a command decides again when another writer got to its streams first. */
export const MAX_CONFLICT_RETRIES = 25;

/** The seed of the event ids of one decision: a retry of the same invocation writes the same ids. */
export const appendSeed = (commandId: string, streamId: string, expected: ExpectedRevision): string =>
  `${commandId}:${streamId}@${String(expected)}`;

/**
 * Load, decide, append with the loaded revision; when another writer got there first, load again and
 * decide again (the command is rebuilt from the fresh state: its facts may depend on it). The events
 * of a refusal are recorded too (a failed confirmation counts, Rules §9).
 */
export async function decideAndAppend<C, S, E extends DomainEvent>(options: {
  readonly store: EventStreams;
  readonly streamId: string;
  readonly decider: Decider<C, S, E>;
  /** A refusal to answer before deciding (e.g. the request belongs to another principal). */
  readonly guard?: (state: S) => Refusal | undefined | Promise<Refusal | undefined>;
  readonly command: (state: S) => C | Promise<C>;
  /**
   * A last check of an accepted decision before its events are recorded: a limit that spans streams
   * takes from its window only for a command the decider accepts (SPEC R14).
   */
  readonly admit?: (events: readonly E[], state: S) => Refusal | undefined | Promise<Refusal | undefined>;
  readonly context: CommandContext;
  readonly at: Instant;
  /** Unique per command invocation (the same on a retry of the same invocation). */
  readonly commandId: string;
}): Promise<Decided<S, E>> {
  const { store, streamId, decider, context, at } = options;
  // A limit's window is taken once per invocation, not again when a conflict makes it decide again.
  let admitted = false;
  for (let attempt = 0; ; attempt++) {
    const { state, expected } = await loadStream(store, streamId, decider);
    const stop = await options.guard?.(state);
    if (stop) return { decision: { ok: false, refusal: stop, events: [] }, state, before: state };
    const decision = decider.decide(await options.command(state), state);
    if (decision.events.length === 0) return { decision, state, before: state };
    const refusal = decision.ok && !admitted ? await options.admit?.(decision.events, state) : undefined;
    if (refusal) return { decision: { ok: false, refusal, events: [] }, state, before: state };
    admitted ||= decision.ok;
    const seed = appendSeed(options.commandId, streamId, expected);
    try {
      await store.append(streamId, toNewEvents(decision.events, context, at, seed), expected);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < MAX_CONFLICT_RETRIES) continue;
      throw error;
    }
    return { decision, state: decision.events.reduce(decider.evolve, state), before: state };
  }
}
