import { createServer, type Server } from 'node:net';
import { EventSchemas } from '../../../src/application/event-schemas';
import { START } from '../../../src/application/ports/event-store';
import { EventStoreDbEventStore } from '../../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import { newEvent, sleep } from '../../support/events';

/** A port on 127.0.0.1 that nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// The contract suite needs a server (NUMLINK_TEST_ESDB_URL); these run everywhere: what the service
// sees while EventStoreDB is down.
describe('the EventStoreDB store while its server is down', () => {
  let store: EventStoreDbEventStore;

  beforeEach(async () => {
    store = EventStoreDbEventStore.connect(
      `esdb://127.0.0.1:${await closedPort()}?tls=false`,
      new EventSchemas(),
    );
  });
  afterEach(async () => {
    await store.close();
  });

  it('fails the readiness probe at once instead of hanging', async () => {
    const started = Date.now();
    await expect(store.headPosition()).rejects.toThrow(/UNAVAILABLE|ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses an append with the connection error, for the command to fail and be retried', async () => {
    await expect(store.append('s-1', [newEvent('A')], 'no_stream')).rejects.toThrow(
      /UNAVAILABLE|ECONNREFUSED/,
    );
  });

  it('stops a subscription and reports the failure, so the projection runner can restart it', async () => {
    const errors: unknown[] = [];
    const delivered: unknown[] = [];
    const subscription = store.subscribe(START, async (events) => void delivered.push(...events), {
      onError: (error) => errors.push(error),
    });
    for (let waited = 0; errors.length === 0 && waited < 5000; waited += 10) await sleep(10);
    await subscription.stop();
    expect(errors).toHaveLength(1);
    expect(delivered).toEqual([]);
  });

  it('closes twice without complaint (the runtime and a test may both close it)', async () => {
    await store.subscribe(START, async () => undefined).stop();
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});
