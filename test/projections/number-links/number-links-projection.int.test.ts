import { EventSchemas } from '../../../src/application/event-schemas';
import { comparePositions, START, type Position } from '../../../src/application/ports/event-store';
import { NUMBER_LINK_EVENT_SCHEMA_VERSIONS } from '../../../src/domain/number-link/events';
import type { Iin } from '../../../src/domain/shared/iin';
import type { Msisdn } from '../../../src/domain/shared/msisdn';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { Metrics } from '../../../src/infrastructure/observability/metrics';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { findLinkByIin, findLinkByPhone } from '../../../src/projections/number-links/number-link-queries';
import {
  createNumberLinksProjection,
  NUMBER_LINKS_PROJECTION,
} from '../../../src/projections/number-links/number-links-projection';
import { ProjectionRunner } from '../../../src/projections/runtime/projection-runner';
import { newEvent, sleep } from '../../support/events';
import { FixedClock } from '../../support/fixed-clock';
import { memoryLogger } from '../../support/silent-logger';
import { testDatabaseKinds } from '../../support/test-databases';
import {
  accounts,
  numbers,
  playConfirmations,
  type Confirmation,
  type StreamEvent,
} from './number-link-facts';

const [citizen, otherCitizen] = accounts as [Iin, Iin];
const [phone, newPhone] = numbers as [Msisdn, Msisdn];
const minute = (n: number) => `2026-11-23T09:0${n}:00.000Z`;

describe.each(testDatabaseKinds)('the number-link view on $name', (kind) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;

  beforeEach(async () => {
    ({ db, dispose } = await kind.open());
    await migrate(db, eventStoreMigrations);
    store = new PostgresEventStore(db, EventSchemas.fromVersions(NUMBER_LINK_EVENT_SCHEMA_VERSIONS), {
      pollIntervalMs: 20,
    });
    runner = new ProjectionRunner(
      db,
      store,
      [createNumberLinksProjection()],
      new FixedClock(),
      new Metrics({ processMetrics: false }),
      memoryLogger().logger,
      { retryMs: 30 },
    );
    await runner.migrate();
  });
  afterEach(async () => {
    await runner.stop();
    await dispose();
  });

  /** Appends each event on its own, as the command handlers do. */
  async function record(events: readonly StreamEvent[]): Promise<Position> {
    let last = START;
    for (const { streamId, revision, event } of events)
      ({ position: last } = await store.append(
        streamId,
        [newEvent(event.type, event.data)],
        revision === 0 ? 'no_stream' : BigInt(revision - 1),
      ));
    return last;
  }

  /** Waits until the view has applied exactly the event at `position`, whatever else the server runs. */
  async function applied(position: Position): Promise<void> {
    for (;;) {
      const [status] = await runner.status();
      if (comparePositions(status!.checkpoint, position) >= 0) return;
      await sleep(10);
    }
  }

  async function given(confirmations: readonly Confirmation[]): Promise<StreamEvent[]> {
    const { events } = playConfirmations(confirmations);
    const last = await record(events);
    runner.start();
    await applied(last);
    return events;
  }

  const tables = async () => ({
    links: await db.query('SELECT * FROM number_links ORDER BY iin'),
    history: await db.query('SELECT * FROM number_link_history ORDER BY iin, revision'),
  });

  it('given a connected number, finds the link by IIN and by number', async () => {
    await given([{ account: 0, phone: 0, releaseFirst: false }]);
    const link = {
      iin: citizen,
      phone,
      connectedAt: minute(0),
      channel: 'portal',
      history: [{ phone, connectedAt: minute(0) }],
    };
    expect(await findLinkByIin(db, citizen)).toEqual(link);
    expect(await findLinkByPhone(db, phone)).toEqual(link);
  });

  it('finds nothing for an account that never had a number, nor for a number nobody holds', async () => {
    await given([{ account: 0, phone: 0, releaseFirst: false }]);
    expect(await findLinkByIin(db, otherCitizen)).toBeUndefined();
    expect(await findLinkByPhone(db, newPhone)).toBeUndefined();
  });

  it('given a change, the history shows the old number ended with number_changed (Rules §8)', async () => {
    await given([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 0, phone: 1, releaseFirst: false },
    ]);
    expect(await findLinkByIin(db, citizen)).toEqual({
      iin: citizen,
      phone: newPhone,
      connectedAt: minute(1),
      channel: 'portal',
      history: [
        { phone: newPhone, connectedAt: minute(1) },
        { phone, connectedAt: minute(0), releasedAt: minute(1), reason: 'number_changed' },
      ],
    });
    expect(await findLinkByPhone(db, phone)).toBeUndefined();
  });

  it('given another citizen proved possession of the number, the account is released with the reason (SPEC R11)', async () => {
    await given([
      { account: 0, phone: 0, releaseFirst: true },
      { account: 1, phone: 0, releaseFirst: true },
    ]);
    expect(await findLinkByIin(db, citizen)).toEqual({
      iin: citizen,
      phone: null,
      connectedAt: null,
      channel: null,
      history: [
        { phone, connectedAt: minute(0), releasedAt: minute(1), reason: 'number_moved_to_another_account' },
      ],
    });
    expect((await findLinkByPhone(db, phone))?.iin).toBe(otherCitizen);
  });

  it('given the new holder’s connection arrives before the old holder’s release, never holds the number twice and ends right (SPEC R11)', async () => {
    const [first, connected, released] = playConfirmations([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 1, phone: 0, releaseFirst: false },
    ]).events as [StreamEvent, StreamEvent, StreamEvent];
    expect([connected.event.type, released.event.type]).toEqual(['NumberConnected', 'NumberReleased']);
    runner.start();
    await applied(await record([first]));
    await applied(await record([connected]));
    // Between the two events: the number is the new holder's; the old account's entry is still open.
    expect((await findLinkByPhone(db, phone))?.iin).toBe(otherCitizen);
    expect(await findLinkByIin(db, citizen)).toEqual({
      iin: citizen,
      phone: null,
      connectedAt: null,
      channel: null,
      history: [{ phone, connectedAt: minute(0) }],
    });
    await applied(await record([released]));
    expect(await findLinkByIin(db, citizen)).toMatchObject({
      phone: null,
      history: [{ phone, releasedAt: minute(1), reason: 'number_moved_to_another_account' }],
    });
    expect((await findLinkByPhone(db, phone))?.iin).toBe(otherCitizen);
  });

  it('given numbers moving between accounts in any order, agrees with the decider and rebuilds to identical rows', async () => {
    const confirmations: Confirmation[] = Array.from({ length: 60 }, (_, i) => ({
      account: (i * 7) % accounts.length,
      phone: (i * 5 + (i >> 2)) % numbers.length,
      releaseFirst: i % 3 === 0,
    }));
    const { events, states } = playConfirmations(confirmations);
    await record(events.slice(0, 40));
    runner.start();
    const last = await record(events.slice(40));
    await applied(last);
    for (const [iin, state] of states) {
      const view = await findLinkByIin(db, iin);
      expect(view?.phone ?? null).toEqual(state.current?.phone ?? null);
      expect(view?.history).toEqual(
        state.history.map(({ phone: p, connectedAt, releasedAt, reason }) => ({
          phone: p,
          connectedAt,
          ...(releasedAt ? { releasedAt } : {}),
          ...(reason ? { reason } : {}),
        })),
      );
    }
    const before = await tables();
    expect(before.history.length).toBeGreaterThan(20);
    await runner.rebuild(NUMBER_LINKS_PROJECTION);
    await applied(last);
    expect(await tables()).toEqual(before);
  });

  it('refuses a second account holding a connected number, but lets many accounts hold none (SPEC R11)', async () => {
    await given([{ account: 0, phone: 0, releaseFirst: false }]);
    const insert = `INSERT INTO number_links (iin, phone, updated_at) VALUES ($1, $2, now())`;
    await expect(db.query(insert, [otherCitizen, phone])).rejects.toThrow(/number_links_phone/);
    await db.query(insert, [otherCitizen, null]);
    await db.query(insert, [accounts[2], null]);
    expect(await db.query('SELECT iin FROM number_links WHERE phone IS NULL')).toHaveLength(2);
  });
});
