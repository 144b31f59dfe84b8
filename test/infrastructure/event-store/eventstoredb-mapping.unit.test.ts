import {
  ANY,
  NO_STREAM,
  START as ESDB_START,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  type JSONRecordedEvent,
} from '@eventstore/db-client';
import fc from 'fast-check';
import { EventSchemas } from '../../../src/application/event-schemas';
import {
  comparePositions,
  START,
  WrongExpectedRevisionError,
  type EventMetadata,
  type ExpectedRevision,
} from '../../../src/application/ports/event-store';
import { toEsdbConnectionString } from '../../../src/infrastructure/event-store/eventstoredb/esdb-client';
import {
  fromEsdbMetadata,
  toEsdbMetadata,
} from '../../../src/infrastructure/event-store/eventstoredb/esdb-event-metadata';
import {
  toActualRevision,
  toEsdbExpectedRevision,
  toWrongExpectedRevision,
} from '../../../src/infrastructure/event-store/eventstoredb/esdb-expected-revision';
import { EsdbNamespace } from '../../../src/infrastructure/event-store/eventstoredb/esdb-namespace';
import {
  fromEsdbPosition,
  toReadPosition,
} from '../../../src/infrastructure/event-store/eventstoredb/esdb-position';
import {
  recordedBy,
  toStoredEvent,
} from '../../../src/infrastructure/event-store/eventstoredb/esdb-recorded-event';

/** What crosses the wire: the client writes JSON.stringify(metadata) and parses it back on read. */
const overTheWire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

const metadataArbitrary: fc.Arbitrary<EventMetadata> = fc.record({
  occurredAt: fc
    .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) })
    .map((ms) => new Date(ms).toISOString()),
  actor: fc.oneof(
    fc.record({ principal: fc.string(), role: fc.string() }),
    fc.record({ principal: fc.string(), role: fc.string(), channel: fc.constantFrom('portal', 'bank') }),
  ),
  correlationId: fc.uuid(),
  causationId: fc.uuid(),
});

const positionArbitrary = fc.record({
  commit: fc.bigInt({ min: 0n, max: 2n ** 62n }),
  prepare: fc.bigInt({ min: 0n, max: 2n ** 62n }),
});

const envelope: EventMetadata = {
  occurredAt: '2026-01-05T10:00:00.000Z',
  actor: { principal: 'portal', role: 'channel:portal', channel: 'portal' },
  correlationId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  causationId: '4a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
};

const numlink = new EsdbNamespace('numlink');

function esdbEvent(overrides: Partial<JSONRecordedEvent> = {}): JSONRecordedEvent {
  return {
    streamId: 'numlink-number-request-7',
    id: '9b2c1d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
    isJson: true,
    revision: 3n,
    type: 'ConsentRecorded',
    created: new Date('2026-01-05T10:00:00.123Z'),
    data: { textVersion: 'v2' },
    metadata: overTheWire(toEsdbMetadata(envelope, 1, 'append-1')) as JSONRecordedEvent['metadata'],
    position: { commit: 4096n, prepare: 4096n },
    ...overrides,
  } as JSONRecordedEvent;
}

describe('the EventStoreDB adapter: expected revisions', () => {
  it.each<[ExpectedRevision, unknown]>([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
  ])('asks the server for %s as the client spells it', (expected, esdb) => {
    expect(toEsdbExpectedRevision(expected)).toBe(esdb);
  });

  it('passes an exact revision through unchanged', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), (revision) => {
        expect(toEsdbExpectedRevision(revision)).toBe(revision);
      }),
    ));
});

describe('the EventStoreDB adapter: a refused expected revision', () => {
  const refusal = (current: bigint | 'no_stream') =>
    new WrongExpectedVersionError(undefined, { streamName: 'numlink-s', expected: 0n, current });

  it('names the revision the stream is at', () => {
    const error = toWrongExpectedRevision('s', 0n, refusal(4n));
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamId: 's', expected: 0n, actual: 4n });
  });

  it('says no_stream when the stream does not exist, however the server says it', () => {
    expect(toWrongExpectedRevision('s', 'stream_exists', refusal('no_stream')).actual).toBe('no_stream');
    // A server error's metadata carries -1 for "no stream" in older versions.
    expect(toWrongExpectedRevision('s', 'stream_exists', refusal(-1n)).actual).toBe('no_stream');
    expect(toActualRevision(0n)).toBe(0n);
  });

  it('keeps what the writer expected, for the decision to be taken again', () => {
    expect(toWrongExpectedRevision('s', 'no_stream', refusal(0n))).toMatchObject({
      expected: 'no_stream',
      actual: 0n,
    });
  });
});

describe('the EventStoreDB adapter: the envelope in event metadata (SPEC §5)', () => {
  it('reads back exactly the envelope it wrote, with the schema version and the append id', () =>
    fc.assert(
      fc.property(
        metadataArbitrary,
        fc.integer({ min: 1, max: 50 }),
        fc.uuid(),
        (metadata, version, appendId) => {
          const read = fromEsdbMetadata(overTheWire(toEsdbMetadata(metadata, version, appendId)), 'e');
          expect(read).toEqual({ metadata, schemaVersion: version, appendId });
        },
      ),
    ));

  it("writes the correlation and causation ids under EventStoreDB's own names too", () => {
    expect(toEsdbMetadata(envelope, 1, 'a')).toMatchObject({
      $correlationId: envelope.correlationId,
      $causationId: envelope.causationId,
    });
  });

  it.each([
    ['not an object', 'just text'],
    ['without an actor', { ...toEsdbMetadata(envelope, 1, 'a'), actor: undefined }],
    ['with an actor without a role', { ...toEsdbMetadata(envelope, 1, 'a'), actor: { principal: 'p' } }],
    ['without a schema version', { ...toEsdbMetadata(envelope, 1, 'a'), schemaVersion: undefined }],
    ['with schema version 0', { ...toEsdbMetadata(envelope, 1, 'a'), schemaVersion: 0 }],
  ])('refuses metadata %s: it is not a numlink event', (_case, raw) => {
    expect(() => fromEsdbMetadata(overTheWire(raw), 'e-1')).toThrow(/event e-1 has no numlink envelope/);
  });
});

describe('the EventStoreDB adapter: positions', () => {
  it("reads from the server's start for the port's START", () => {
    expect(toReadPosition(START)).toBe(ESDB_START);
  });

  it('maps a commit and prepare position both ways unchanged, keeping their order', () =>
    fc.assert(
      fc.property(positionArbitrary, positionArbitrary, (a, b) => {
        fc.pre(comparePositions(a, START) !== 0);
        const there = toReadPosition(a);
        expect(there).toEqual(a);
        const back = fromEsdbPosition({ commit: a.commit, prepare: a.prepare }, 'e');
        expect(comparePositions(back, b)).toBe(comparePositions(a, b));
      }),
    ));

  it('refuses an event without a position (a server older than 22.6)', () => {
    expect(() => fromEsdbPosition(undefined, 'e-2')).toThrow(/22\.6/);
  });
});

describe('the EventStoreDB adapter: recorded events', () => {
  it('gives the port the stream id, revision, position, envelope and the time the server recorded it', () => {
    const stored = toStoredEvent(esdbEvent(), numlink, new EventSchemas());
    expect(stored).toEqual({
      recorded: {
        eventId: '9b2c1d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
        type: 'ConsentRecorded',
        schemaVersion: 1,
        streamId: 'number-request-7',
        revision: 3n,
        position: { commit: 4096n, prepare: 4096n },
        data: { textVersion: 'v2' },
        metadata: envelope,
        recordedAt: '2026-01-05T10:00:00.123Z',
      },
      appendId: 'append-1',
    });
  });

  it('upcasts data written in an older schema version', () => {
    const schemas = new EventSchemas({
      ConsentRecorded: { currentVersion: 2, upcasters: { 1: (data) => ({ ...(data as object), v: 2 }) } },
    });
    const stored = toStoredEvent(esdbEvent(), numlink, schemas);
    expect(stored?.recorded).toMatchObject({ schemaVersion: 2, data: { textVersion: 'v2', v: 2 } });
    expect(stored?.recorded.stored).toEqual({ schemaVersion: 1, data: { textVersion: 'v2' } });
  });

  it.each([
    ['a system event', { type: '$metadata' }],
    ['a link', { streamId: '$ce-numlink', type: '$>' }],
    ['an event-id claim', { streamId: 'numlink.event-id-9b2c1d3e' }],
    ['another namespace', { streamId: 'numlink_staging-number-request-7' }],
    ['another service', { streamId: 'orders-17' }],
  ])('leaves out %s', (_case, overrides) => {
    expect(toStoredEvent(esdbEvent(overrides), numlink, new EventSchemas())).toBeUndefined();
  });

  it('counts an event as recorded by an instant up to the millisecond the server recorded it', () => {
    const stored = toStoredEvent(esdbEvent(), numlink, new EventSchemas())!.recorded;
    expect(recordedBy(stored, '2026-01-05T10:00:00.123Z')).toBe(true);
    expect(recordedBy(stored, '2026-01-05T15:00:00.123+05:00')).toBe(true);
    expect(recordedBy(stored, '2026-01-05T10:00:00.122Z')).toBe(false);
  });
});

describe('the EventStoreDB adapter: namespaces and connection strings', () => {
  it("keeps one namespace's streams out of every other's", () =>
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9_]{1,12}$/),
        fc.stringMatching(/^[a-z0-9_]{1,12}$/),
        fc.string(),
        (a, b, streamId) => {
          fc.pre(a !== b);
          const name = new EsdbNamespace(a).streamName(streamId);
          expect(new EsdbNamespace(a).streamIdOf(name)).toBe(streamId);
          expect(new EsdbNamespace(b).streamIdOf(name)).toBeUndefined();
          expect(new EsdbNamespace(a).streamIdOf(new EsdbNamespace(a).claimStreamName('x'))).toBeUndefined();
        },
      ),
    ));

  it('refuses a namespace that could be the start of another', () => {
    expect(() => new EsdbNamespace('numlink-test')).toThrow(/namespace/);
  });

  it.each([
    ['esdb://localhost:2113?tls=false', 'esdb://localhost:2113?tls=false'],
    ['kurrentdb://localhost:2113?tls=false', 'esdb://localhost:2113?tls=false'],
    ['kdb+discover://cluster:2113', 'esdb+discover://cluster:2113'],
  ])('connects to %s as %s', (given, used) => {
    expect(toEsdbConnectionString(given)).toBe(used);
  });
});
