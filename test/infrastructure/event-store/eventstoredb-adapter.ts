import { randomBytes } from 'node:crypto';
import { BACKWARDS, END } from '@eventstore/db-client';
import { EventSchemas } from '../../../src/application/event-schemas';
import { START, type EventStore, type Position } from '../../../src/application/ports/event-store';
import { createEsdbClient } from '../../../src/infrastructure/event-store/eventstoredb/esdb-client';
import { EventStoreDbEventStore } from '../../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import { sleep } from '../../support/events';
import type { EventStoreAdapter } from './event-store-adapters';

/** The test server (`docker compose up eventstoredb`); undefined when none is given (CI has none). */
const esdbUrl = process.env.NUMLINK_TEST_ESDB_URL;

if (!esdbUrl) {
  console.warn(
    'EventStoreDB contract suite skipped: NUMLINK_TEST_ESDB_URL is not set (start one with docker compose up eventstoredb)',
  );
}

/** Where the log ends now: a namespace made after it has no event at or before it. */
async function endOfLog(url: string): Promise<Position> {
  const client = createEsdbClient(url);
  try {
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      if (resolved.event) return resolved.event.position;
    }
    return START;
  } finally {
    await client.dispose();
  }
}

/**
 * The EventStoreDB store, one fresh namespace per test on the one server (the server cannot be emptied
 * between tests: the namespace keeps each test's streams and global order apart).
 */
export const eventStoreDbAdapters: EventStoreAdapter[] = esdbUrl
  ? [
      {
        name: 'eventstoredb store',
        create: async () => {
          const namespace = `t_${randomBytes(4).toString('hex')}`;
          const origin = await endOfLog(esdbUrl);
          const stores: EventStore[] = [];
          const open = (schemas = new EventSchemas()): EventStore => {
            const store = EventStoreDbEventStore.connect(esdbUrl, schemas, {
              namespace,
              origin,
              pollIntervalMs: 20,
            });
            stores.push(store);
            return store;
          };
          let writer: EventStore | undefined;
          return {
            open: async (schemas) => open(schemas),
            // EventStoreDB commits an append whole, with its position taken at commit: holding the
            // write back is all a late commit can be here.
            appendCommittingLate: async (streamId, events, delayMs) => {
              writer ??= open();
              await sleep(delayMs);
              await writer.append(streamId, events, 'any');
            },
            dispose: async () => {
              for (const store of stores) await store.close();
            },
          };
        },
      },
    ]
  : [];
