import { WokenEventStore } from '../woken-event-store';
import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  jsonEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
  type EventStoreDBClient,
  type JSONType,
  type ReadPosition,
} from '@eventstore/db-client';
import type { EventSchemas } from '../../../application/event-schemas';
import {
  comparePositions,
  EventIdConflictError,
  START,
  WrongExpectedRevisionError,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
} from '../../../application/ports/event-store';
import { catchUpSubscription } from '../catch-up-subscription';
import { createEsdbClient } from './esdb-client';
import { toEsdbMetadata } from './esdb-event-metadata';
import { toActualRevision, toEsdbExpectedRevision, toWrongExpectedRevision } from './esdb-expected-revision';
import { EsdbLiveSignal } from './esdb-live-signal';
import { EsdbNamespace } from './esdb-namespace';
import { toReadPosition } from './esdb-position';
import { recordedBy, toStoredEvent, type StoredEvent } from './esdb-recorded-event';
import { EventIdClaims } from './event-id-claims';

export interface EventStoreDbEventStoreOptions {
  /** The prefix of numlink's streams on a server others may share (`EsdbNamespace`). */
  readonly namespace?: string;
  /** How often a live subscription reads when no live signal woke it. */
  readonly pollIntervalMs?: number;
  /** No event of the namespace lies at or before this position: reads from START begin there. */
  readonly origin?: Position;
}

/** How many records one read of `$all` asks for while looking for numlink's events among others. */
const MIN_PAGE = 100;
const MAX_PAGE = 4096;
/** How long an append waits for an acknowledged write to become readable (an idempotent repeat). */
const READ_BACK_ATTEMPTS = 20;
const READ_BACK_PAUSE_MS = 10;

/**
 * The event store on EventStoreDB (SPEC §5). Streams, revisions, the expected-revision check and the
 * global order are the server's own; what the port promises beyond them is added here:
 * - an event id is stored once in the whole store (`EventIdClaims`), and a repeated append answers
 *   the first append's result with `duplicate: true` (told apart by the `appendId` in the metadata);
 * - reads of the global order skip everything that is not numlink's (system events, other namespaces);
 * - subscriptions are catch-up reads of `$all`, woken by a live server subscription (`EsdbLiveSignal`).
 * Projections and their checkpoints stay in PostgreSQL: a checkpoint is a `$all` position.
 */
export class EventStoreDbEventStore extends WokenEventStore {
  private readonly namespace: EsdbNamespace;
  private readonly claims: EventIdClaims;
  private readonly liveSignal: EsdbLiveSignal;
  private readonly pollIntervalMs: number;
  /** No numlink event lies at or before this position (found by earlier reads, or given as origin). */
  private quietUpTo: Position;
  /** The newest numlink event a backward search found: the next search stops there. */
  private knownNewest: Position | undefined;
  private closed = false;

  /** Takes ownership of the client: `close` disposes it. */
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly schemas: EventSchemas,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    super();
    this.namespace = new EsdbNamespace(options.namespace);
    this.claims = new EventIdClaims(client, this.namespace);
    this.liveSignal = new EsdbLiveSignal(client, this.namespace.streamPrefix, () =>
      this.appended.emit('appended'),
    );
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.quietUpTo = options.origin ?? START;
  }

  /** A store over the server at `url` (`NUMLINK_ESDB_URL`: esdb://, esdb+discover://, kurrentdb://). */
  static connect(
    url: string,
    schemas: EventSchemas,
    options: EventStoreDbEventStoreOptions = {},
  ): EventStoreDbEventStore {
    return new EventStoreDbEventStore(createEsdbClient(url), schemas, options);
  }

  protected async appendEvents(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const ids = events.map((event) => event.eventId);
    if (new Set(ids).size !== ids.length) throw new EventIdConflictError(streamId);
    const holders = await this.claims.holders(ids);
    if (holders.some((holder) => holder !== undefined && holder !== streamId)) {
      throw new EventIdConflictError(streamId);
    }
    // Ids claimed for this stream before: a retry, whatever revision it expects now.
    if (holders.some((holder) => holder === streamId)) {
      const earlier = await this.earlierAppend(streamId, ids);
      if (earlier) return earlier;
    }
    await this.claims.claim(
      streamId,
      ids.filter((_, i) => holders[i] === undefined),
    );
    return this.write(streamId, events, expected);
  }

  /**
   * EventStoreDB (and the client numlink uses) has no transaction across streams: the streams are
   * appended one after another in the order given, and the first failure stops the rest, the earlier
   * streams staying written. Writers put first the stream whose revision decides (a confirmation's
   * request) and derive the other events' ids from the decision, so what a crash or a conflict left
   * unwritten is finished later (the connection completer) and never written twice.
   */
  protected async appendManyEvents(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const { streamId, events, expected } of appends)
      results.push(await this.appendEvents(streamId, events, expected));
    return results;
  }

  private async write(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const appendId = randomUUID();
    const streamName = this.namespace.streamName(streamId);
    const proposed = events.map((event) =>
      jsonEvent({
        id: event.eventId,
        type: event.type,
        // The client writes `JSON.stringify(data)`; the port takes any JSON value.
        data: event.data as JSONType,
        metadata: toEsdbMetadata(event.metadata, this.schemas.currentVersion(event.type), appendId),
      }),
    );
    let lastRevision: bigint;
    try {
      const result = await this.client.appendToStream(streamName, proposed, {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
      if (!result.success) {
        // A client set not to throw on a failed append answers the stream's revision instead.
        return await this.refused(streamId, events, expected, toActualRevision(result.nextExpectedRevision));
      }
      lastRevision = result.nextExpectedRevision;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return this.refused(
        streamId,
        events,
        expected,
        toWrongExpectedRevision(streamId, expected, error).actual,
      );
    }
    const written = await this.readBack(streamId, lastRevision, events);
    const last = written[written.length - 1]!.recorded;
    return {
      nextExpectedRevision: last.revision,
      position: last.position,
      // The server acknowledges a repeat of stored ids without writing: then another append wrote them.
      duplicate: written.some((event) => event.appendId !== appendId),
    };
  }

  /**
   * The server refused the expected revision. EventStoreDB's own idempotence covers a repeat with the
   * same expected revision only: a retry that expects another one still gets the first result.
   */
  private async refused(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    actual: bigint | 'no_stream',
  ): Promise<AppendResult> {
    const earlier = await this.earlierAppend(
      streamId,
      events.map((event) => event.eventId),
    );
    if (earlier) return earlier;
    throw new WrongExpectedRevisionError(streamId, expected, actual);
  }

  /** The first append's result when every id is stored in this stream; a conflict when only some are. */
  private async earlierAppend(streamId: string, ids: readonly string[]): Promise<AppendResult | undefined> {
    const wanted = new Set(ids);
    const stored = (await this.readStreamEvents(streamId, 0n)).filter((event) =>
      wanted.has(event.recorded.eventId),
    );
    if (stored.length === 0) return undefined;
    if (stored.length !== ids.length) throw new EventIdConflictError(streamId);
    const last = stored[stored.length - 1]!.recorded;
    return { nextExpectedRevision: last.revision, position: last.position, duplicate: true };
  }

  /** The events at the revisions the server answered, which must be this append's ids in order. */
  private async readBack(
    streamId: string,
    lastRevision: bigint,
    events: readonly NewEvent[],
  ): Promise<StoredEvent[]> {
    const first = lastRevision - BigInt(events.length) + 1n;
    for (let attempt = 1; ; attempt++) {
      const written = await this.readStreamEvents(streamId, first, events.length);
      if (written.length === events.length) {
        if (written.some((event, i) => event.recorded.eventId !== events[i]!.eventId)) {
          throw new EventIdConflictError(streamId);
        }
        return written;
      }
      // An idempotent repeat can be answered before the first write is readable.
      if (attempt >= READ_BACK_ATTEMPTS) {
        throw new Error(`the append to ${streamId} was acknowledged but its events cannot be read`);
      }
      await new Promise((resolve) => setTimeout(resolve, READ_BACK_PAUSE_MS));
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = (await this.readStreamEvents(streamId, options.fromRevision ?? 0n)).map(
      (event) => event.recorded,
    );
    const upTo = options.recordedUpTo;
    return upTo === undefined ? events : events.filter((event) => recordedBy(event, upTo));
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const ids = [...new Set(streamIds)];
    const read = await Promise.all(ids.map((id) => this.readStream(id)));
    return new Map(ids.map((id, i) => [id, read[i]!]));
  }

  private async readStreamEvents(
    streamId: string,
    fromRevision: bigint,
    maxCount?: number,
  ): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      const read = this.client.readStream(this.namespace.streamName(streamId), {
        fromRevision,
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      for await (const resolved of read) {
        const stored = resolved.event && toStoredEvent(resolved.event, this.namespace, this.schemas);
        if (stored) events.push(stored);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    if (options.limit <= 0) return [];
    const types = options.types ? new Set(options.types) : undefined;
    return (await this.scan(options.from, options.limit, types)).events;
  }

  /**
   * Reads `$all` after `from` until `limit` numlink events of the wanted types are found or the end is
   * reached. EventStoreDB commits each append whole, in log order, so nothing can commit behind a
   * reader: `scannedTo` (the last record looked at) is safe to resume from.
   */
  private async scan(
    from: Position,
    limit: number,
    types: ReadonlySet<string> | undefined,
  ): Promise<{ events: RecordedEvent[]; scannedTo: Position }> {
    const beforeAny = comparePositions(from, this.quietUpTo) <= 0;
    let quiet = beforeAny;
    let cursor = beforeAny ? this.quietUpTo : from;
    const events: RecordedEvent[] = [];
    const pageSize = Math.min(Math.max(limit, MIN_PAGE), MAX_PAGE);
    for (;;) {
      const page = await this.readAllPage(cursor, pageSize);
      for (const record of page.records) {
        cursor = { commit: record.position.commit, prepare: record.position.prepare };
        const stored = toStoredEvent(record, this.namespace, this.schemas);
        if (!stored) {
          if (quiet) this.noteQuiet(cursor);
          continue;
        }
        quiet = false;
        if (types && !types.has(stored.recorded.type)) continue;
        events.push(stored.recorded);
        if (events.length === limit) return { events, scannedTo: cursor };
      }
      if (page.exhausted || page.records.length === 0) return { events, scannedTo: cursor };
    }
  }

  /** Records strictly after `after` (the server may or may not include the record at a position). */
  private async readAllPage(
    after: Position,
    size: number,
  ): Promise<{ records: AllStreamRecordedEvent[]; exhausted: boolean }> {
    const records: AllStreamRecordedEvent[] = [];
    let count = 0;
    for await (const resolved of this.client.readAll({
      fromPosition: toReadPosition(after),
      maxCount: size + 1,
    })) {
      count += 1;
      const event = resolved.event;
      if (event && comparePositions(event.position, after) > 0) records.push(event);
    }
    return { records, exhausted: count < size + 1 };
  }

  subscribe(
    from: Position,
    handler: (events: readonly RecordedEvent[]) => Promise<void>,
    options: SubscribeOptions = {},
  ): Subscription {
    this.liveSignal.start();
    const types = options.types ? new Set(options.types) : undefined;
    // Resume past records already looked at and found to be of no interest, not only past delivered ones.
    let scannedTo = from;
    return catchUpSubscription({
      from,
      read: async (position, limit) => {
        const start = comparePositions(scannedTo, position) > 0 ? scannedTo : position;
        const result = await this.scan(start, limit, types);
        scannedTo = result.scannedTo;
        return { events: result.events, scannedTo: result.scannedTo };
      },
      handler,
      batchSize: options.batchSize ?? 500,
      pollIntervalMs: this.pollIntervalMs,
      wakeUps: this.appended,
      ...(options.onCaughtUp ? { onCaughtUp: options.onCaughtUp } : {}),
      ...(options.onSkipped ? { onSkipped: options.onSkipped } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
      ...(options.gatherMs ? { gatherMs: options.gatherMs } : {}),
    });
  }

  /** EventStoreDB has no transaction that commits behind a reader: the head is the newest event. */
  headPosition(): Promise<Position> {
    return this.newestPosition();
  }

  lastPosition(): Promise<Position> {
    return this.newestPosition();
  }

  /** Reads `$all` backwards from its end to the newest numlink event (or to what is known already). */
  private async newestPosition(): Promise<Position> {
    let cursor: ReadPosition = END;
    for (;;) {
      let count = 0;
      let oldest: Position | undefined;
      for await (const resolved of this.client.readAll({
        direction: BACKWARDS,
        fromPosition: cursor,
        maxCount: MIN_PAGE,
      })) {
        count += 1;
        const event = resolved.event;
        if (!event) continue;
        const position: Position = { commit: event.position.commit, prepare: event.position.prepare };
        if (this.knownNewest && comparePositions(position, this.knownNewest) <= 0) return this.knownNewest;
        if (comparePositions(position, this.quietUpTo) <= 0) return START;
        if (this.namespace.streamIdOf(event.streamId) !== undefined && !event.type.startsWith('$')) {
          this.noteNewest(position);
          return position;
        }
        oldest = position;
      }
      if (count < MIN_PAGE || !oldest) return this.knownNewest ?? START;
      cursor = oldest;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.liveSignal.stop();
    this.appended.removeAllListeners();
    await this.client.dispose();
  }

  private noteNewest(position: Position): void {
    if (!this.knownNewest || comparePositions(position, this.knownNewest) > 0) this.knownNewest = position;
  }

  private noteQuiet(position: Position): void {
    if (comparePositions(position, this.quietUpTo) > 0) this.quietUpTo = position;
  }
}
