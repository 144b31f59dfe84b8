import { newCommandContext, toNewEvents } from '../../src/application/command-context';
import { decideAndAppend, readStream } from '../../src/application/decider';
import { EventSchemas } from '../../src/application/event-schemas';
import { KNOWN_EVENT_SCHEMA_VERSIONS } from '../../src/application/known-events';
import type { ConnectNumber } from '../../src/domain/number-link/commands';
import { numberLinkDecider, numberLinkStreamId } from '../../src/domain/number-link/decider';
import type { NumberLinkEvent } from '../../src/domain/number-link/events';
import type { Iin } from '../../src/domain/shared/iin';
import type { Instant } from '../../src/domain/shared/instant';
import type { Msisdn } from '../../src/domain/shared/msisdn';
import { eventStoreMigrations } from '../../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { migrate } from '../../src/infrastructure/sql/migrations';
import { testDatabaseKinds } from '../support/test-databases';

const iin = '900101300017' as Iin;
const otherIin = '951220300046' as Iin;
const at = '2026-03-02T09:00:00.000Z' as Instant;
const context = newCommandContext({ principal: 'portal', role: 'channel:portal', channel: 'portal' });
const connect = (forIin: Iin = iin): ConnectNumber => ({
  type: 'ConnectNumber',
  iin: forIin,
  phone: '+77015550101' as Msisdn,
  requestId: 'request-1',
  channel: 'portal',
  at,
});

describe.each(testDatabaseKinds)('deciding on a stream on $name', (kind) => {
  const withStore = async (work: (store: PostgresEventStore) => Promise<void>) => {
    const { db, dispose } = await kind.open();
    try {
      await migrate(db, eventStoreMigrations);
      await work(new PostgresEventStore(db, EventSchemas.fromVersions(KNOWN_EVENT_SCHEMA_VERSIONS)));
    } finally {
      await dispose();
    }
  };
  const decide = (
    store: PostgresEventStore,
    command: ConnectNumber,
    admit: () => { code: string } | undefined,
  ) =>
    decideAndAppend({
      store,
      streamId: numberLinkStreamId(iin),
      decider: numberLinkDecider,
      command: () => command,
      admit,
      context,
      at,
      commandId: 'command-1',
    });

  it("records an accepted decision that its admission check lets through, read back typed by the stream's events", () =>
    withStore(async (store) => {
      const { decision } = await decide(store, connect(), () => undefined);
      expect(decision.ok).toBe(true);
      const events = await readStream<NumberLinkEvent>(store, numberLinkStreamId(iin));
      expect(events.map((event) => event.type === 'NumberConnected' && event.data.phone)).toEqual([
        '+77015550101',
      ]);
    }));

  it('records nothing and answers the refusal when the admission check refuses an accepted decision', () =>
    withStore(async (store) => {
      const { decision } = await decide(store, connect(), () => ({ code: 'rate_limited' }));
      expect(decision).toEqual({ ok: false, refusal: { code: 'rate_limited' }, events: [] });
      expect(await store.readStream(numberLinkStreamId(iin))).toEqual([]);
    }));

  it('never asks the admission check about a refused decision', () =>
    withStore(async (store) => {
      await decide(store, connect(), () => undefined);
      const admit = jest.fn(() => undefined);
      const { decision } = await decide(store, connect(otherIin), admit);
      expect(decision.ok).toBe(false);
      expect(admit).not.toHaveBeenCalled();
    }));

  it('decides again on what another writer appended first, and admits the command once', () =>
    withStore(async (store) => {
      // Given another request connects a number to the account just before this decision is appended,
      const append = store.append.bind(store);
      let interrupted = false;
      jest.spyOn(store, 'append').mockImplementation(async (streamId, events, expected) => {
        if (!interrupted) {
          interrupted = true;
          const earlier = { ...connect(), phone: '+77015550202' as Msisdn, requestId: 'request-0' };
          const other = numberLinkDecider.decide(earlier, numberLinkDecider.initialState).events;
          await append(streamId, toNewEvents(other, context, at, 'other'), 'no_stream');
        }
        return append(streamId, events, expected);
      });
      const admit = jest.fn(() => undefined);
      // when this one conflicts,
      const { decision } = await decide(store, connect(), admit);
      // then it is decided again on the connected number and changes it, taking its admission once.
      expect(decision.ok).toBe(true);
      expect((await store.readStream(numberLinkStreamId(iin))).map((event) => event.type)).toEqual([
        'NumberConnected',
        'NumberChanged',
      ]);
      expect(admit).toHaveBeenCalledTimes(1);
    }));
});
