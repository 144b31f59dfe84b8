import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  comparePositions,
  EventIdConflictError,
  START,
  WrongExpectedRevisionError,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '../../../src/application/ports/event-store';
import { EventSchemas } from '../../../src/application/event-schemas';
import { newEvent, sleep } from '../../support/events';
import { postgresAdapters, type EventStoreAdapter, type StoreUnderTest } from './event-store-adapters';
import { eventStoreDbAdapters } from './eventstoredb-adapter';

const adapters: EventStoreAdapter[] = [...postgresAdapters, ...eventStoreDbAdapters];

const streamName = (prefix = 's') => `${prefix}-${randomUUID()}`;

/**
 * Waits until readers may pass the newest event: on a shared server another session's open transaction
 * holds the global order back for a moment (that is the ordering guarantee at work).
 */
async function settled(store: EventStore): Promise<void> {
  const last = await store.lastPosition();
  while (comparePositions(await store.headPosition(), last) < 0) await sleep(5);
}

async function readEverything(store: EventStore, from: Position = START): Promise<RecordedEvent[]> {
  await settled(store);
  const all: RecordedEvent[] = [];
  let position = from;
  for (;;) {
    const batch = await store.readAll({ from: position, limit: 200 });
    if (batch.length === 0) return all;
    all.push(...batch);
    position = batch[batch.length - 1]!.position;
  }
}

describe.each(adapters)('event store contract: $name', (adapter) => {
  let sut: StoreUnderTest;
  let store: EventStore;

  beforeEach(async () => {
    sut = await adapter.create();
    store = await sut.open();
  });
  afterEach(async () => {
    await sut.dispose();
  });

  describe('append and readStream', () => {
    it('creates a stream at revision 0 and returns its events with their envelope, in order', async () => {
      const stream = streamName();
      const first = newEvent('OtpIssued', { n: 1 });
      const second = newEvent('OtpConfirmationFailed', { n: 2 });
      const result = await store.append(stream, [first, second], 'no_stream');
      expect(result.nextExpectedRevision).toBe(1n);
      expect(result.duplicate).toBe(false);

      const events = await store.readStream(stream);
      expect(events.map((e) => [e.eventId, e.type, e.revision, e.data])).toEqual([
        [first.eventId, 'OtpIssued', 0n, { n: 1 }],
        [second.eventId, 'OtpConfirmationFailed', 1n, { n: 2 }],
      ]);
      expect(events[0]!.metadata).toEqual(first.metadata);
      expect(events[0]!.streamId).toBe(stream);
      expect(events[0]!.schemaVersion).toBe(1);
      expect(events[0]!.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('reads a stream from a revision, and an unknown stream as empty', async () => {
      const stream = streamName();
      await store.append(stream, [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
      expect((await store.readStream(stream, { fromRevision: 1n })).map((e) => e.type)).toEqual(['B', 'C']);
      expect(await store.readStream(streamName())).toEqual([]);
    });

    it('reads a stream as it was recorded up to an instant', async () => {
      const stream = streamName();
      await store.append(stream, [newEvent('A')], 'no_stream');
      const [a] = await store.readStream(stream);
      await sleep(15);
      await store.append(stream, [newEvent('B')], 0n);
      const asOf = await store.readStream(stream, { recordedUpTo: a!.recordedAt });
      expect(asOf.map((e) => e.type)).toEqual(['A']);
    });
  });

  describe('expected revision', () => {
    it('refuses no_stream when the stream exists', async () => {
      const stream = streamName();
      await store.append(stream, [newEvent('A')], 'no_stream');
      await expect(store.append(stream, [newEvent('B')], 'no_stream')).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
    });

    it('refuses stream_exists when there is no stream, and accepts it when there is', async () => {
      const stream = streamName();
      await expect(store.append(stream, [newEvent('A')], 'stream_exists')).rejects.toMatchObject({
        actual: 'no_stream',
      });
      await store.append(stream, [newEvent('A')], 'any');
      await expect(store.append(stream, [newEvent('B')], 'stream_exists')).resolves.toMatchObject({
        nextExpectedRevision: 1n,
      });
    });

    it('refuses a revision that is not the last one, naming the actual one', async () => {
      const stream = streamName();
      await store.append(stream, [newEvent('A'), newEvent('B')], 'no_stream');
      await expect(store.append(stream, [newEvent('C')], 0n)).rejects.toMatchObject({ actual: 1n });
      await expect(store.append(stream, [newEvent('C')], 5n)).rejects.toMatchObject({ actual: 1n });
      await expect(store.append(stream, [newEvent('C')], 1n)).resolves.toMatchObject({
        nextExpectedRevision: 2n,
      });
    });

    it('lets exactly one of two concurrent creators of a stream win', async () => {
      for (let round = 0; round < 5; round++) {
        const stream = streamName();
        const outcomes = await Promise.allSettled([
          store.append(stream, [newEvent('A')], 'no_stream'),
          store.append(stream, [newEvent('B')], 'no_stream'),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(1);
      }
    });

    it('lets exactly one of 16 concurrent writers expecting the same revision win', async () => {
      const stream = streamName();
      await store.append(stream, [newEvent('A')], 'no_stream');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 16 }, (_, i) => store.append(stream, [newEvent('B', { i })], 0n)),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('appends every one of concurrent writers expecting any, without gaps in revisions', async () => {
      const stream = streamName();
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.append(stream, [newEvent('A', { i })], 'any')),
      );
      const events = await store.readStream(stream);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 12 }, (_, i) => BigInt(i)));
    });
  });

  describe('idempotency by event id', () => {
    it('writes nothing on a retry with the same ids, and reports the first result', async () => {
      const stream = streamName();
      const events = [newEvent('A'), newEvent('B')];
      const first = await store.append(stream, events, 'no_stream');
      await store.append(stream, [newEvent('C')], 'any');
      const retry = await store.append(stream, events, 'no_stream');
      expect(retry).toEqual({ ...first, duplicate: true });
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('writes once when the same append races with itself', async () => {
      const stream = streamName();
      const events = [newEvent('A')];
      const results = await Promise.all(Array.from({ length: 6 }, () => store.append(stream, events, 'any')));
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('refuses an append that repeats only some of the stored ids', async () => {
      const stream = streamName();
      const a = newEvent('A');
      await store.append(stream, [a], 'no_stream');
      await expect(store.append(stream, [a, newEvent('B')], 'any')).rejects.toBeInstanceOf(
        EventIdConflictError,
      );
      await expect(store.append(streamName(), [a], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
    });
  });

  describe('appending to several streams', () => {
    it('appends every stream with its expected revision and answers one result per stream', async () => {
      const [a, b, c] = [streamName(), streamName(), streamName()];
      await store.append(b, [newEvent('B0')], 'no_stream');
      const results = await store.appendMany([
        { streamId: a, events: [newEvent('A0'), newEvent('A1')], expected: 'no_stream' },
        { streamId: b, events: [newEvent('B1')], expected: 0n },
        { streamId: c, events: [newEvent('C0')], expected: 'any' },
      ]);
      expect(results.map((r) => [r.nextExpectedRevision, r.duplicate])).toEqual([
        [1n, false],
        [1n, false],
        [0n, false],
      ]);
      const streams = await store.readStreams([a, b, c, streamName()]);
      expect([...streams.values()].map((events) => events.map((e) => e.type))).toEqual([
        ['A0', 'A1'],
        ['B0', 'B1'],
        ['C0'],
        [],
      ]);
    });

    it('writes nothing when one stream is not at its expected revision, and names that stream', async () => {
      const [a, b] = [streamName(), streamName()];
      await store.append(b, [newEvent('B0'), newEvent('B1')], 'no_stream');
      const attempt = store.appendMany([
        { streamId: a, events: [newEvent('A0')], expected: 'no_stream' },
        { streamId: b, events: [newEvent('B2')], expected: 0n },
      ]);
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(attempt).rejects.toMatchObject({ streamId: b, actual: 1n });
      if (adapter.name.startsWith('eventstoredb')) return; // no multi-stream transaction there
      expect(await store.readStream(a)).toEqual([]);
      expect(await store.readStream(b)).toHaveLength(2);
    });

    it('lets exactly one of concurrent writers of overlapping streams win, whole', async () => {
      const [request, link] = [streamName('request'), streamName('link')];
      await store.append(request, [newEvent('Opened')], 'no_stream');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          store.appendMany([
            { streamId: request, events: [newEvent('Confirmed', { i })], expected: 0n },
            { streamId: link, events: [newEvent('Connected', { i })], expected: 'no_stream' },
          ]),
        ),
      );
      const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      const streams = await store.readStreams([request, link]);
      expect(streams.get(request)!.map((e) => e.data)).toEqual([{}, { i: winners[0] }]);
      expect(streams.get(link)!.map((e) => e.data)).toEqual([{ i: winners[0] }]);
    });

    it('writes nothing on a retry with the same ids, and reports the first results', async () => {
      const [a, b] = [streamName(), streamName()];
      const appends = [
        { streamId: a, events: [newEvent('A0')], expected: 'no_stream' as const },
        { streamId: b, events: [newEvent('B0'), newEvent('B1')], expected: 'no_stream' as const },
      ];
      const first = await store.appendMany(appends);
      const retry = await store.appendMany(appends);
      expect(retry).toEqual(first.map((result) => ({ ...result, duplicate: true })));
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0', 'B1']);
    });

    it('answers a retried stream with its first result though it moved on since, beside a stream it appends', async () => {
      const [a, b, c] = [streamName(), streamName(), streamName()];
      const toA = { streamId: a, events: [newEvent('A0')], expected: 'no_stream' as const };
      const toB = { streamId: b, events: [newEvent('B0'), newEvent('B1')], expected: 'no_stream' as const };
      const [firstA, firstB] = await store.appendMany([toA, toB]);
      await store.append(b, [newEvent('B2')], 'any');
      const toC = { streamId: c, events: [newEvent('C0')], expected: 'no_stream' as const };
      const [retryB, appendedC, retryA] = await store.appendMany([toB, toC, toA]);
      expect([retryB, retryA]).toEqual([
        { ...firstB, duplicate: true },
        { ...firstA, duplicate: true },
      ]);
      expect(appendedC).toMatchObject({ nextExpectedRevision: 0n, duplicate: false });
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0', 'B1', 'B2']);
      expect((await store.readStream(c)).map((e) => e.type)).toEqual(['C0']);
    });

    it('writes once when the same multi-stream append races with itself', async () => {
      const [a, b] = [streamName(), streamName()];
      const appends = [
        { streamId: a, events: [newEvent('A0')], expected: 'any' as const },
        { streamId: b, events: [newEvent('B0')], expected: 'any' as const },
      ];
      const results = await Promise.all(Array.from({ length: 4 }, () => store.appendMany(appends)));
      expect(results.filter((r) => !r[0]!.duplicate)).toHaveLength(1);
      const streams = await store.readStreams([a, b]);
      expect([streams.get(a)!.length, streams.get(b)!.length]).toEqual([1, 1]);
    });

    it('refuses ids stored in another stream, writing nothing', async () => {
      const stored = newEvent('A0');
      await store.append(streamName(), [stored], 'no_stream');
      const fresh = streamName();
      await expect(
        store.appendMany([
          { streamId: fresh, events: [newEvent('F0')], expected: 'any' },
          { streamId: streamName(), events: [stored], expected: 'any' },
        ]),
      ).rejects.toBeInstanceOf(EventIdConflictError);
      if (adapter.name.startsWith('eventstoredb')) return;
      expect(await store.readStream(fresh)).toEqual([]);
    });

    it('places the events in the global order as given, after what was there', async () => {
      const [a, b] = [streamName(), streamName()];
      await store.append(a, [newEvent('Before')], 'no_stream');
      await store.appendMany([
        { streamId: b, events: [newEvent('First'), newEvent('Second')], expected: 'no_stream' },
        { streamId: a, events: [newEvent('Third')], expected: 0n },
      ]);
      const all = await readEverything(store);
      expect(all.map((e) => e.type)).toEqual(['Before', 'First', 'Second', 'Third']);
      if (adapter.name.startsWith('eventstoredb')) return;
      // One commit: the three events share its position's commit part.
      expect(new Set(all.slice(1).map((e) => e.position.commit)).size).toBe(1);
    });
  });

  describe('the global order', () => {
    it('reads all events after a position, in an order that keeps every stream in revision order', async () => {
      const streams = [streamName(), streamName(), streamName()];
      for (let i = 0; i < 9; i++) await store.append(streams[i % 3]!, [newEvent('E', { i })], 'any');
      const all = await readEverything(store);
      expect(all.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
      for (let i = 1; i < all.length; i++)
        expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBe(-1);
      const rest = await store.readAll({ from: all[4]!.position, limit: 100 });
      expect(comparePositions(await store.lastPosition(), all[8]!.position)).toBe(0);
      expect(rest.map((e) => (e.data as { i: number }).i)).toEqual([5, 6, 7, 8]);
      expect(comparePositions(await store.headPosition(), all[8]!.position)).toBe(0);
    });

    it('filters by event type', async () => {
      const stream = streamName();
      await store.append(
        stream,
        [newEvent('Keep', { k: 1 }), newEvent('Drop'), newEvent('Keep', { k: 2 })],
        'any',
      );
      await settled(store);
      const kept = await store.readAll({ from: START, limit: 10, types: ['Keep'] });
      expect(kept.map((e) => e.data)).toEqual([{ k: 1 }, { k: 2 }]);
    });

    it('never lets a reader pass an event that commits late with an earlier position (32 writers)', async () => {
      const writers = 32;
      const appendsPerWriter = 6;
      const seen: RecordedEvent[] = [];
      let position = START;
      let writing = true;
      const reader = (async () => {
        while (writing) {
          const batch = await store.readAll({ from: position, limit: 1000 });
          if (batch.length > 0) {
            seen.push(...batch);
            position = batch[batch.length - 1]!.position;
          } else await sleep(1);
        }
      })();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < appendsPerWriter; i++) {
            await sut.appendCommittingLate(
              `writer-${w}`,
              [newEvent('W', { w, i })],
              Math.floor(Math.random() * 8),
            );
          }
        }),
      );
      writing = false;
      await reader;
      seen.push(...(await readEverything(store, position)));

      const all = await readEverything(store);
      expect(all).toHaveLength(writers * appendsPerWriter);
      expect(seen.map((e) => e.eventId)).toEqual(all.map((e) => e.eventId));
    });
  });

  describe('subscriptions', () => {
    it('catches up from a position, then delivers live appends in order', async () => {
      const stream = streamName();
      await store.append(stream, [newEvent('A', { i: 0 }), newEvent('A', { i: 1 })], 'no_stream');
      const received: number[] = [];
      const subscription = store.subscribe(START, async (events) => {
        received.push(...events.map((e) => (e.data as { i: number }).i));
      });
      await waitFor(() => received.length === 2);
      await store.append(stream, [newEvent('A', { i: 2 })], 1n);
      await waitFor(() => received.length === 3);
      await subscription.stop();
      expect(received).toEqual([0, 1, 2]);
    });

    it('resumes after a restart from the stored checkpoint, missing and repeating nothing', async () => {
      const stream = streamName();
      for (let i = 0; i < 5; i++) await store.append(stream, [newEvent('A', { i })], 'any');
      let checkpoint = START;
      const received: number[] = [];
      const handler = async (events: readonly RecordedEvent[]) => {
        received.push(...events.map((e) => (e.data as { i: number }).i));
        checkpoint = events[events.length - 1]!.position;
      };
      const first = store.subscribe(START, handler, { batchSize: 2 });
      await waitFor(() => received.length >= 2);
      await first.stop();
      await store.close();

      const restarted = await sut.open();
      for (let i = 5; i < 8; i++) await restarted.append(stream, [newEvent('A', { i })], 'any');
      const second = restarted.subscribe(checkpoint, handler, { batchSize: 2 });
      await waitFor(() => received.length >= 8);
      await second.stop();
      expect(received).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it('stops and reports when its handler fails, leaving the position where it was', async () => {
      await store.append(streamName(), [newEvent('A')], 'any');
      const errors: unknown[] = [];
      const subscription = store.subscribe(
        START,
        async () => {
          throw new Error('projection failed');
        },
        { onError: (error) => errors.push(error) },
      );
      await waitFor(() => errors.length === 1);
      await subscription.stop();
      expect((errors[0] as Error).message).toBe('projection failed');
    });
  });

  describe('schema versions', () => {
    it('upcasts old event data on read', async () => {
      const stream = streamName();
      await store.append(stream, [newEvent('ConsentRecorded', { text: 'v1' })], 'no_stream');
      const upcasting = await sut.open(
        new EventSchemas({
          ConsentRecorded: {
            currentVersion: 2,
            upcasters: { 1: (data) => ({ ...(data as object), textVersion: 'unknown' }) },
          },
        }),
      );
      const [event] = await upcasting.readStream(stream);
      expect(event!.schemaVersion).toBe(2);
      expect(event!.data).toEqual({ text: 'v1', textVersion: 'unknown' });
      // What was written stays beside it (the audit trail hashes that).
      expect(event!.stored).toEqual({ schemaVersion: 1, data: { text: 'v1' } });
      const [current] = await store.readStream(stream);
      expect(current).not.toHaveProperty('stored');
    });
  });

  it('keeps every stream gap-free under random interleavings (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 20 }),
        async (picks) => {
          const streams = [0, 1, 2, 3].map(() => streamName('p'));
          await Promise.all(picks.map((s, i) => store.append(streams[s]!, [newEvent('P', { i })], 'any')));
          for (const [s, stream] of streams.entries()) {
            const events = await store.readStream(stream);
            expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
            expect(events).toHaveLength(picks.filter((p) => p === s).length);
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
