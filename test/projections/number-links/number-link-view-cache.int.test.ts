import { randomBytes } from 'node:crypto';
import { EventSchemas } from '../../../src/application/event-schemas';
import { LinkViewCache } from '../../../src/application/find-number-link/link-view-cache';
import { comparePositions, START, type Position } from '../../../src/application/ports/event-store';
import { NUMBER_LINK_EVENT_SCHEMA_VERSIONS } from '../../../src/domain/number-link/events';
import type { Iin } from '../../../src/domain/shared/iin';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { Metrics } from '../../../src/infrastructure/observability/metrics';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import { PgDatabase } from '../../../src/infrastructure/sql/pg-database';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { findLinkByIin } from '../../../src/projections/number-links/number-link-queries';
import type { NumberLinkViewCache } from '../../../src/projections/number-links/number-link-view-invalidation';
import { createNumberLinksProjection } from '../../../src/projections/number-links/number-links-projection';
import { ProjectionRunner } from '../../../src/projections/runtime/projection-runner';
import { newEvent, sleep } from '../../support/events';
import { FixedClock } from '../../support/fixed-clock';
import { memoryLogger } from '../../support/silent-logger';
import { postgresKind, testDatabaseKinds } from '../../support/test-databases';
import {
  accounts,
  numbers,
  playConfirmations,
  type Confirmation,
  type StreamEvent,
} from './number-link-facts';

const [citizen, otherCitizen] = accounts as [Iin, Iin];
const [phone, newPhone] = numbers;

/** One numlink instance: its database pool, store, cache of the view and projection runner. */
interface Instance {
  readonly db: SqlDatabase;
  readonly store: PostgresEventStore;
  readonly cache: NumberLinkViewCache;
  readonly runner: ProjectionRunner;
  /** `GET /v1/number-links/{iin}` as the controller reads it. */
  read(iin: Iin): ReturnType<typeof findLinkByIin>;
}

async function instance(db: SqlDatabase): Promise<Instance> {
  const store = new PostgresEventStore(db, EventSchemas.fromVersions(NUMBER_LINK_EVENT_SCHEMA_VERSIONS), {
    pollIntervalMs: 20,
  });
  const cache: NumberLinkViewCache = new LinkViewCache(100);
  const runner = new ProjectionRunner(
    db,
    store,
    [createNumberLinksProjection(cache)],
    new FixedClock(),
    new Metrics({ processMetrics: false }),
    memoryLogger().logger,
    { retryMs: 30 },
  );
  await runner.migrate();
  return { db, store, cache, runner, read: (iin) => cache.read(iin, (key) => findLinkByIin(db, key)) };
}

/** Appends each event on its own, as the command handlers do. */
async function record(store: PostgresEventStore, events: readonly StreamEvent[]): Promise<Position> {
  let last = START;
  for (const { streamId, revision, event } of events)
    ({ position: last } = await store.append(
      streamId,
      [newEvent(event.type, event.data)],
      revision === 0 ? 'no_stream' : BigInt(revision - 1),
    ));
  return last;
}

/** Waits until the instance's projection has committed the event at `position`. */
async function applied(runner: ProjectionRunner, position: Position): Promise<void> {
  for (;;) {
    const [status] = await runner.status();
    if (status!.active && comparePositions(status!.checkpoint, position) >= 0) return;
    await sleep(10);
  }
}

describe.each(testDatabaseKinds)('the cached number-link view on $name (issue 11 item 7)', (kind) => {
  let dispose: () => Promise<void>;
  let service: Instance;

  beforeEach(async () => {
    const opened = await kind.open();
    dispose = opened.dispose;
    await migrate(opened.db, eventStoreMigrations);
    service = await instance(opened.db);
    service.runner.start();
  });
  afterEach(async () => {
    await service.runner.stop();
    await service.store.close();
    await dispose();
  });

  it('given a cached view, answers the new number as soon as the projection has committed the change', async () => {
    const { events } = playConfirmations([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 0, phone: 1, releaseFirst: false },
    ]);
    await applied(service.runner, await record(service.store, events.slice(0, 1)));
    expect((await service.read(citizen))?.phone).toBe(phone);
    expect((await service.read(citizen))?.phone).toBe(phone);
    // The batch that connected the number kept the view it left: no read went to the table.
    expect(service.cache.stats).toMatchObject({ hits: 2, misses: 0 });

    await applied(service.runner, await record(service.store, events.slice(1)));

    expect((await service.read(citizen))?.phone).toBe(newPhone);
    expect(service.cache.stats).toMatchObject({ hits: 3, misses: 0 });
  });

  it('given a cached holder, drops its view when another account connects its number (SPEC R11)', async () => {
    const { events } = playConfirmations([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 1, phone: 0, releaseFirst: false },
    ]);
    const [first, connected] = events as [StreamEvent, StreamEvent, StreamEvent];
    await applied(service.runner, await record(service.store, [first]));
    expect((await service.read(citizen))?.phone).toBe(phone);

    // Only the new holder's connection: the old holder's own release has not come yet.
    await applied(service.runner, await record(service.store, [connected]));

    expect((await service.read(citizen))?.phone).toBeNull();
  });

  it('given an account without a number cached as absent, finds its first connection', async () => {
    expect(await service.read(otherCitizen)).toBeUndefined();
    const { events } = playConfirmations([{ account: 1, phone: 0, releaseFirst: false }]);

    await applied(service.runner, await record(service.store, events));

    expect((await service.read(otherCitizen))?.phone).toBe(phone);
  });

  it('given numbers moving between accounts in any order, always answers what the table holds', async () => {
    const confirmations: Confirmation[] = Array.from({ length: 30 }, (_, i) => ({
      account: (i * 7) % accounts.length,
      phone: (i * 5 + (i >> 2)) % numbers.length,
      releaseFirst: i % 3 === 0,
    }));
    const { events } = playConfirmations(confirmations);
    for (let from = 0; from < events.length; from += 3) {
      await applied(service.runner, await record(service.store, events.slice(from, from + 3)));
      for (const iin of accounts) {
        expect(await service.read(iin)).toEqual(await findLinkByIin(service.db, iin));
      }
    }
    expect(service.cache.stats.hits).toBeGreaterThan(0);
  });
});

(postgresKind ? describe : describe.skip)('the cached number-link view in two instances', () => {
  const schema = `t_views_${process.pid}_${randomBytes(4).toString('hex')}`;
  const open = () =>
    PgDatabase.connect({
      connectionString: process.env.NUMLINK_TEST_DATABASE_URL!,
      schema,
      maxConnections: 4,
    });
  let dbs: SqlDatabase[] = [];
  let active: Instance;
  let standby: Instance;

  beforeEach(async () => {
    dbs = [await open(), await open()];
    await migrate(dbs[0]!, eventStoreMigrations);
    active = await instance(dbs[0]!);
    active.runner.start();
    await applied(active.runner, START); // holds the projection's lock before the standby starts
    standby = await instance(dbs[1]!);
    standby.runner.start();
  });
  afterEach(async () => {
    for (const { runner, store } of [standby, active]) {
      await runner.stop();
      await store.close();
    }
    await dbs[0]!.query(`DROP SCHEMA ${schema} CASCADE`);
    for (const db of dbs) await db.close();
  });

  it('given the standby read a view, answers the change the active instance committed since', async () => {
    const { events } = playConfirmations([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 0, phone: 1, releaseFirst: false },
    ]);
    await applied(active.runner, await record(active.store, events.slice(0, 1)));
    expect((await standby.read(citizen))?.phone).toBe(phone);
    expect((await standby.read(citizen))?.phone).toBe(phone);

    await applied(active.runner, await record(active.store, events.slice(1)));

    expect((await standby.read(citizen))?.phone).toBe(newPhone);
    expect(standby.cache.stats).toMatchObject({ hits: 0, size: 0 });
  });

  it('given the active instance stopped, the standby takes the projection over and caches from then on', async () => {
    const { events } = playConfirmations([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 0, phone: 1, releaseFirst: false },
    ]);
    await applied(active.runner, await record(active.store, events.slice(0, 1)));
    expect((await active.read(citizen))?.phone).toBe(phone);
    await active.runner.stop();

    await applied(standby.runner, await record(active.store, events.slice(1)));

    expect((await standby.read(citizen))?.phone).toBe(newPhone);
    expect((await standby.read(citizen))?.phone).toBe(newPhone);
    // Its first batch kept the view it changed.
    expect(standby.cache.stats).toMatchObject({ hits: 2, misses: 0 });
    // The stopped instance no longer trusts what it cached.
    expect((await active.read(citizen))?.phone).toBe(newPhone);
  });
});
