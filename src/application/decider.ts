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
  type StreamAppend,
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

/** The invocation a decision belongs to: who sent it, when, and its id (the same on its retries). */
export interface Invocation {
  readonly context: CommandContext;
  readonly at: Instant;
  readonly commandId: string;
}

/** One stream's part of a decision: its events in the envelope, with ids seeded by `appendSeed`. */
export function decidedAppend(
  invocation: Invocation,
  streamId: string,
  expected: ExpectedRevision,
  events: readonly DomainEvent[],
): StreamAppend {
  const seed = appendSeed(invocation.commandId, streamId, expected);
  return { streamId, events: toNewEvents(events, invocation.context, invocation.at, seed), expected };
}

/**
 * What one decision, taken on the streams as read, records, and what the command answers once it is
 * recorded: nothing; one decider's stream (`append`); or several streams in one `appendMany` (all or
 * nothing on PostgreSQL; stream by stream in the order given on EventStoreDB, the deciding one first).
 */
export type Attempt<T> =
  | { readonly answer: T }
  | { readonly answer: T; readonly append: StreamAppend }
  | { readonly answer: T; readonly appendMany: readonly StreamAppend[] };

/**
 * Reads, decides and appends at the revisions read (`attempt`); when another writer got to one of the
 * streams first, reads and decides again on what it left, up to MAX_CONFLICT_RETRIES times. When the
 * append fails otherwise, or conflicts once too often, `recover` may still answer (the decision was
 * stored after all); else the error stands.
 */
export async function retryOnConflict<T>(options: {
  readonly store: EventStreams;
  readonly attempt: () => Promise<Attempt<T>>;
  readonly recover?: (error: unknown) => Promise<T | undefined>;
}): Promise<T> {
  for (let conflicts = 0; ; conflicts++) {
    const decided = await options.attempt();
    try {
      await record(options.store, decided);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && conflicts < MAX_CONFLICT_RETRIES) continue;
      const recovered = await options.recover?.(error);
      if (recovered !== undefined) return recovered;
      throw error;
    }
    return decided.answer;
  }
}

async function record<T>(store: EventStreams, decided: Attempt<T>): Promise<void> {
  if ('append' in decided) {
    const { streamId, events, expected } = decided.append;
    await store.append(streamId, events, expected);
  } else if ('appendMany' in decided) await store.appendMany(decided.appendMany);
}

/**
 * Load, decide, append with the loaded revision; when another writer got there first, load again and
 * decide again (the command is rebuilt from the fresh state: its facts may depend on it). The events
 * of a refusal are recorded too (a failed confirmation counts, Rules §9).
 */
export async function decideAndAppend<C, S, E extends DomainEvent>(
  options: Invocation & {
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
  },
): Promise<Decided<S, E>> {
  const { store, streamId, decider } = options;
  // A limit's window is taken once per invocation, not again when a conflict makes it decide again.
  let admitted = false;
  return retryOnConflict<Decided<S, E>>({
    store,
    attempt: async () => {
      const { state, expected } = await loadStream(store, streamId, decider);
      const unchanged = (decision: Decision<E>) => ({ answer: { decision, state, before: state } });
      const stop = await options.guard?.(state);
      if (stop) return unchanged({ ok: false, refusal: stop, events: [] });
      const decision = decider.decide(await options.command(state), state);
      if (decision.events.length === 0) return unchanged(decision);
      const refusal = decision.ok && !admitted ? await options.admit?.(decision.events, state) : undefined;
      if (refusal) return unchanged({ ok: false, refusal, events: [] });
      admitted ||= decision.ok;
      return {
        append: decidedAppend(options, streamId, expected, decision.events),
        answer: { decision, state: decision.events.reduce(decider.evolve, state), before: state },
      };
    },
  });
}
