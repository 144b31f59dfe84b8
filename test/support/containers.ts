import type { Readable } from 'node:stream';
import type { StartedTestContainer } from 'testcontainers';

/**
 * The servers the integration tests use, started with testcontainers when the developer gave none and a
 * Docker engine answers: PostgreSQL 15, a single-node Kafka (KRaft) and a single-node EventStoreDB.
 * Variables already set win (CI starts its own PostgreSQL and Kafka); without Docker nothing starts and
 * the tests that need a server skip as they always do, saying why.
 *
 * Run from jest's global setup (test/support/global-setup.ts calls the default export), it sets the
 * variables before the test files load; the testcontainers reaper removes the containers when jest exits.
 * `NUMLINK_TEST_CONTAINERS=off` opts out.
 */
export interface TestServices {
  /** The `NUMLINK_TEST_*` variables naming what was started. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

type Say = (message: string) => void;

interface Service {
  readonly variable: 'NUMLINK_TEST_DATABASE_URL' | 'NUMLINK_TEST_KAFKA_BROKERS' | 'NUMLINK_TEST_ESDB_URL';
  start(): Promise<{ container: StartedTestContainer; value: string }>;
}

const POSTGRES_IMAGE = 'postgres:15';
const KAFKA_IMAGE = 'apache/kafka:3.9.0';
const ESDB_IMAGE = 'eventstore/eventstore:24.10';
const STARTUP_TIMEOUT_MS = 120_000;

const services: readonly Service[] = [
  { variable: 'NUMLINK_TEST_DATABASE_URL', start: startPostgres },
  { variable: 'NUMLINK_TEST_KAFKA_BROKERS', start: startKafka },
  { variable: 'NUMLINK_TEST_ESDB_URL', start: startEventStoreDb },
];

/** Starts a container for every server whose variable is unset; undefined when none was started. */
export async function startTestContainers(
  env: NodeJS.ProcessEnv = process.env,
  say: Say = (message) => console.warn(message),
): Promise<TestServices | undefined> {
  const missing = services.filter((service) => !env[service.variable]);
  if (missing.length === 0) return undefined;
  const names = missing.map((service) => service.variable).join(', ');
  if (env.NUMLINK_TEST_CONTAINERS === 'off') {
    say(`testcontainers not used (NUMLINK_TEST_CONTAINERS=off): ${names} stay unset`);
    return undefined;
  }
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    say(`testcontainers not used: no Docker engine reachable (${reason}); ${names} stay unset`);
    return undefined;
  }
  const outcomes = await Promise.allSettled(missing.map((service) => service.start()));
  const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await Promise.allSettled(started.map(({ container }) => container.stop()));
    throw failed.reason;
  }
  const startedEnv = Object.fromEntries(missing.map((service, i) => [service.variable, started[i]!.value]));
  say(`testcontainers started: ${Object.keys(startedEnv).join(', ')}`);
  return {
    env: startedEnv,
    stop: async () => {
      await Promise.allSettled(started.map(({ container }) => container.stop()));
    },
  };
}

async function startPostgres(): Promise<{ container: StartedTestContainer; value: string }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(POSTGRES_IMAGE)
    .withEnvironment({ POSTGRES_USER: 'numlink', POSTGRES_PASSWORD: 'numlink', POSTGRES_DB: 'numlink' })
    .withExposedPorts(5432)
    // The entrypoint starts the server twice (init, then for real): the second "ready" is the one.
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
  const value = `postgres://numlink:numlink@${container.getHost()}:${container.getMappedPort(5432)}/numlink`;
  return { container, value };
}

/**
 * Kafka must advertise the port the host sees, known only once the container runs: the container
 * waits for a start script, which is written with that port, as testcontainers' own Kafka module does.
 */
async function startKafka(): Promise<{ container: StartedTestContainer; value: string }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const script = '/tmp/numlink-kafka-start.sh';
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,BROKER://:9093,CONTROLLER://:9094',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9094',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withExposedPorts(9092)
    .withEntrypoint(['sh', '-c'])
    .withCommand([
      `echo waiting for the start script; while [ ! -f ${script} ]; do sleep 0.1; done; exec sh ${script}`,
    ])
    .withWaitStrategy(Wait.forLogMessage('waiting for the start script'))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
  const brokers = `${container.getHost()}:${container.getMappedPort(9092)}`;
  const logs = await container.logs();
  await container.copyContentToContainer([
    {
      content: `export KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://${brokers},BROKER://localhost:9093\nexec /etc/kafka/docker/run\n`,
      target: script,
    },
  ]);
  await waitForLine(logs, /Kafka Server started/, STARTUP_TIMEOUT_MS, 'Kafka');
  return { container, value: brokers };
}

async function startEventStoreDb(): Promise<{ container: StartedTestContainer; value: string }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(ESDB_IMAGE)
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_MEM_DB: 'true',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(
      Wait.forHttp('/health/live', 2113).forStatusCodeMatching((status) => status >= 200 && status < 300),
    )
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
  return { container, value: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false` };
}

function waitForLine(logs: Readable, pattern: RegExp, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => finish(new Error(`${what} did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer | string) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (pattern.test(seen)) finish();
    };
    function finish(error?: Error) {
      clearTimeout(timer);
      logs.off('data', onData);
      logs.destroy();
      if (error) reject(error);
      else resolve();
    }
    logs.on('data', onData);
  });
}

const running = Symbol.for('numlink.testContainers');
type WithContainers = typeof globalThis & { [running]?: TestServices };

/** For jest's global setup: exports the started servers' variables to the test workers. */
export default async function globalSetup(): Promise<void> {
  const started = await startTestContainers();
  if (!started) return;
  Object.assign(process.env, started.env);
  (globalThis as WithContainers)[running] = started;
}

/** For jest's global teardown (the reaper removes the containers at exit in any case). */
export async function stopTestContainers(): Promise<void> {
  const holder = globalThis as WithContainers;
  await holder[running]?.stop();
  delete holder[running];
}
