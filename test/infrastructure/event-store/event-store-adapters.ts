import type { EventStore, NewEvent } from '../../../src/application/ports/event-store';
import { EventSchemas } from '../../../src/application/event-schemas';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import { testDatabaseKinds } from '../../support/test-databases';
import { sleep } from '../../support/events';

/** One event store under test, as the contract suite drives it. */
export interface StoreUnderTest {
  /** A store over the same data, as after a restart of the service. */
  open(schemas?: EventSchemas): Promise<EventStore>;
  /**
   * Appends with the writing transaction held open for `delayMs` before it commits, where the store
   * has such a thing (the ordering test needs late commits with early positions).
   */
  appendCommittingLate(streamId: string, events: readonly NewEvent[], delayMs: number): Promise<void>;
  dispose(): Promise<void>;
}

export interface EventStoreAdapter {
  readonly name: string;
  create(): Promise<StoreUnderTest>;
}

/** The PostgreSQL store on every database these tests can reach (PGlite always, the server when given). */
export const postgresAdapters: EventStoreAdapter[] = testDatabaseKinds.map((kind) => ({
  name: `postgres store on ${kind.name}`,
  create: async () => {
    const { db, dispose } = await kind.open();
    await migrate(db, eventStoreMigrations);
    const stores: EventStore[] = [];
    return {
      open: async (schemas = new EventSchemas()) => {
        const store = new PostgresEventStore(db, schemas, { pollIntervalMs: 20 });
        stores.push(store);
        return store;
      },
      appendCommittingLate: async (streamId, events, delayMs) => {
        await db.transaction(async (tx) => {
          await tx.query('SELECT * FROM numlink_append($1, -1, $2::jsonb)', [
            streamId,
            JSON.stringify(
              events.map((e) => ({
                id: e.eventId,
                type: e.type,
                version: 1,
                data: e.data,
                metadata: e.metadata,
              })),
            ),
          ]);
          await sleep(delayMs);
        });
      },
      dispose: async () => {
        for (const store of stores) await store.close();
        await dispose();
      },
    };
  },
}));
