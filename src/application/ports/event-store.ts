import type { Actor } from '../../domain/shared/domain-event';

/**
 * A place in the store's global order. Two parts, as EventStoreDB has them: PostgreSQL gives
 * `commit` = the writing transaction's id and `prepare` = the row's sequence number; EventStoreDB its
 * commit and prepare positions. Compare positions only with `comparePositions`.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: Position = { commit: 0n, prepare: 0n };

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** What the writer must find: any state, no stream yet, some stream, or exactly this last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** The metadata half of the event envelope (SPEC §5); the store adds id, type, stream and version. */
export interface EventMetadata {
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  /** The W3C trace context the event was written in, when there was one (reactions continue it). */
  readonly traceparent?: string;
}

export interface NewEvent {
  /** A UUID chosen by the writer: appending the same id twice writes it once. */
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  /** 0 for a stream's first event. */
  readonly revision: bigint;
  readonly position: Position;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  /**
   * The event as stored, present only when upcasting changed it (an older schema version). What was
   * written never changes, so a hash over it (the audit trail's) stays true when upcasters are added.
   */
  readonly stored?: StoredShape;
}

/** An event's schema version and data as the store holds them, before any upcasting. */
export interface StoredShape {
  readonly schemaVersion: number;
  readonly data: unknown;
}

export interface AppendResult {
  /** The revision of the last event of this append. */
  readonly nextExpectedRevision: bigint;
  readonly position: Position;
  /** True when every event id was already stored: nothing was written, this is the first append's result. */
  readonly duplicate: boolean;
}

/** Thrown when the stream is not where the writer expected it: the decision must be taken again. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId} is at ${String(actual)}, expected ${String(expected)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Thrown when some, but not all, of an append's event ids are stored already, or stored in another stream. */
export class EventIdConflictError extends Error {
  constructor(readonly streamId: string) {
    super(`an event id of this append is stored already with other events (stream ${streamId})`);
    this.name = 'EventIdConflictError';
  }
}

/** One stream's part of a multi-stream append (`appendMany`). */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. */
  readonly from: Position;
  readonly limit: number;
  /** Only these event types (all when absent). */
  readonly types?: readonly string[];
}

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
  /** Only events recorded at or before this instant (the as-of view for auditors). */
  readonly recordedUpTo?: string;
}

export interface SubscribeOptions {
  readonly types?: readonly string[];
  readonly batchSize?: number;
  /** Called each time a read finds nothing new: the subscriber is at the head. */
  readonly onCaughtUp?: () => void;
  /**
   * Called when a read found none of `types` up to this position: the subscriber may move its
   * checkpoint there (a poll then costs what is new, not everything after an old checkpoint).
   */
  readonly onSkipped?: (position: Position) => Promise<void>;
  /** Called when the handler or the store fails; the subscription has stopped by then. */
  readonly onError?: (error: unknown) => void;
  /**
   * When not behind, wait this long after a batch or a wake-up before reading again, so that appends
   * close together reach the handler in one batch (one transaction of a projection, not one each).
   * Adds at most this much to the lag; 0 or absent: read at once.
   */
  readonly gatherMs?: number;
}

export interface Subscription {
  stop(): Promise<void>;
}

/**
 * What a use case needs of the store: its streams. A use case reads one stream, decides, and appends
 * with the revision it read (`readStream<E>` is typed by the caller's event union; the one cast from
 * stored data to domain events lives in the store adapter's schemas, checked by `EventSchemas`).
 */
export abstract class EventStreams {
  /** Appends atomically; the expected revision is enforced by the store itself. */
  abstract append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
  /**
   * Appends to several streams (each at most once), each with its expected revision, and answers one
   * result per stream in the order given. On PostgreSQL and PGlite it is all or nothing, in one
   * statement and one commit: one stream's conflict (`WrongExpectedRevisionError`) writes nothing, and
   * the events share one commit position, in the order given. A stream whose event ids are all stored
   * in it already answers `duplicate`, as `append` does. EventStoreDB has no multi-stream transaction:
   * it appends stream by stream in the order given and stops at the first failure, the earlier streams
   * staying written; a writer puts first the stream whose revision decides, and makes the others safe
   * to finish later (event ids derived from the decision).
   */
  abstract appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Several whole streams in one read (one statement on PostgreSQL); an unknown stream is empty. */
  abstract readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
}

/** What projections, reactions and operations need of the store: the global order. */
export abstract class EventLog {
  /**
   * The global order from a position, in commit order: a reader never passes an event whose
   * transaction commits later with a lower position.
   */
  abstract readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from `from`, then live. The handler gets events in global order, one batch at a time. */
  abstract subscribe(
    from: Position,
    handler: (events: readonly RecordedEvent[]) => Promise<void>,
    options?: SubscribeOptions,
  ): Subscription;
  /** The position of the last event a reader of the global order may see now (START when empty). */
  abstract headPosition(): Promise<Position>;
  /**
   * The newest committed event, even one a reader may not pass yet (a transaction that started
   * earlier is still open); `headPosition` reaches it once that transaction ends.
   */
  abstract lastPosition(): Promise<Position>;
}

/**
 * The event store adapter: both halves, and its lifecycle. Every adapter passes the one contract
 * suite (`test/infrastructure/event-store/event-store.contract.int.test.ts`). Use cases depend on
 * `EventStreams`, projections and operations on `EventLog`; only the runtime holds the whole store.
 */
export abstract class EventStore implements EventStreams, EventLog {
  abstract append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
  abstract appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  abstract readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  abstract readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  abstract subscribe(
    from: Position,
    handler: (events: readonly RecordedEvent[]) => Promise<void>,
    options?: SubscribeOptions,
  ): Subscription;
  abstract headPosition(): Promise<Position>;
  abstract lastPosition(): Promise<Position>;
  abstract close(): Promise<void>;
}
