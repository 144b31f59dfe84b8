import { generateKeyPairSync, randomUUID } from 'node:crypto';
import {
  KafkaAuditCheckpointPublisher,
  AUDIT_CHECKPOINT_TOPIC,
} from '../../../src/infrastructure/kafka/kafka-audit-checkpoint-publisher';
import { signAuditHead, type AuditCheckpoint } from '../../../src/projections/audit-trail/audit-checkpoint';
import { parseAuditCheckpointLines } from '../../../src/projections/audit-trail/audit-checkpoint-lines';
import { auditSignerFromPem } from '../../../src/projections/audit-trail/audit-signing-key';
import {
  auditedEvent,
  openAuditTrailWorld,
  recordSampleHistory,
} from '../../projections/audit-trail/audit-trail-fixture';
import { execFileSync } from 'node:child_process';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { EventSchemas } from '../../../src/application/event-schemas';
import { EVENTS_TOPIC } from '../../../src/application/integration-events';
import { publishIntegrationEvents } from '../../../src/application/publish-integration-events';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import { KafkaPublisher } from '../../../src/infrastructure/kafka/kafka-publisher';
import { Metrics } from '../../../src/infrastructure/observability/metrics';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { ProjectionRunner } from '../../../src/projections/runtime/projection-runner';
import { reactor } from '../../../src/projections/runtime/reactor';
import { newEvent, sleep } from '../../support/events';
import { FixedClock } from '../../support/fixed-clock';
import { describeKafka, kafkaBrokers } from '../../support/kafka-brokers';
import { memoryLogger } from '../../support/silent-logger';
import { pgliteKind } from '../../support/test-databases';

interface Received {
  readonly id: string;
  readonly key: string;
  readonly type: string;
}

const IINS = ['850315401211', '920720301282', '010522601423', '781103301359', '661228301493'];

describeKafka('publishing the global order to Kafka (numlink.events.v1)', () => {
  jest.setTimeout(240_000);
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  let store: PostgresEventStore;
  let prefix: string;
  let consumer: Consumer;
  let received: Received[];
  const cleanups: Array<() => Promise<void>> = [];
  const kafka = new Kafka({ clientId: 'numlink-test', brokers: [kafkaBrokers!], logLevel: logLevel.NOTHING });

  let logLines: string[] = [];
  const newRunner = () => {
    const { logger, lines } = memoryLogger();
    logLines = lines;
    const publisher = new KafkaPublisher(
      { brokers: [kafkaBrokers!], topicPrefix: prefix, retryTimeoutMs: 8000 },
      logger,
    );
    const runner = new ProjectionRunner(
      db,
      store,
      [reactor('kafka_events', 'all', publishIntegrationEvents(publisher))],
      new FixedClock(),
      new Metrics({ processMetrics: false }),
      logger,
      { retryMs: 500 },
    );
    cleanups.push(async () => {
      await runner.stop();
      await publisher.close();
    });
    return runner;
  };

  const appendFor = async (count: number, from = 0) => {
    for (let i = from; i < from + count; i++) {
      const iin = IINS[i % IINS.length]!;
      await store.append(`number-link-${iin}`, [newEvent('NumberConnected', { iin, n: i })], 'any');
    }
  };

  const waitForIds = async (ids: ReadonlySet<string>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (new Set(received.map((r) => r.id).filter((id) => ids.has(id))).size < ids.size) {
      if (Date.now() > deadline) {
        throw new Error(
          `only ${new Set(received.map((r) => r.id)).size} of ${ids.size} arrived; log: ${logLines.slice(-3).join('\n')}`,
        );
      }
      await sleep(100);
    }
  };

  beforeEach(async () => {
    ({ db, dispose } = await pgliteKind.open());
    await migrate(db, eventStoreMigrations);
    store = new PostgresEventStore(db, new EventSchemas(), { pollIntervalMs: 20 });
    prefix = `t${randomUUID().slice(0, 8)}.`;
    received = [];
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: `${prefix}${EVENTS_TOPIC}`, numPartitions: 3 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    consumer = kafka.consumer({ groupId: `numlink-test-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [`${prefix}${EVENTS_TOPIC}`], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({
          id: String(message.headers?.ce_id),
          key: String(message.key),
          type: String(message.headers?.ce_type),
        });
      },
    });
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await consumer.disconnect();
    await dispose();
  });

  /** Every event once per id (after dropping repeats), each citizen's events in the store's order. */
  async function expectDeliveredInOrder(): Promise<void> {
    const all = await store.readAll({ from: { commit: 0n, prepare: 0n }, limit: 100_000 });
    await waitForIds(new Set(all.map((e) => e.eventId)), 120_000);
    const firstSeen = new Map<string, Received>();
    for (const message of received) if (!firstSeen.has(message.id)) firstSeen.set(message.id, message);
    expect(new Set(firstSeen.keys())).toEqual(new Set(all.map((e) => e.eventId)));
    for (const iin of IINS) {
      const expected = all.filter((e) => (e.data as { iin: string }).iin === iin).map((e) => e.eventId);
      const delivered = [...firstSeen.values()].filter((m) => m.key === iin).map((m) => m.id);
      expect(delivered).toEqual(expected);
    }
  }

  it('delivers every event with its CloudEvents headers, keyed by IIN, once per event id', async () => {
    const runner = newRunner();
    await runner.migrate();
    runner.start();
    await appendFor(150);
    await expectDeliveredInOrder();
    expect(received[0]!.type).toBe('kz.numlink.NumberConnected.v1');
  });

  it('resumes from its checkpoint after a restart, publishing nothing it had published again', async () => {
    const first = newRunner();
    await first.migrate();
    first.start();
    await appendFor(60);
    await first.caughtUp();
    await first.stop();
    const publishedBefore = received.length;
    await appendFor(60, 60);
    const second = newRunner();
    second.start();
    await expectDeliveredInOrder();
    expect(received.length).toBe(120);
    expect(publishedBefore).toBeLessThanOrEqual(60);
  });

  it('loses nothing while the broker is down for 30 s, and keeps each citizen’s order', async () => {
    const runner = newRunner();
    await runner.migrate();
    runner.start();
    await appendFor(40);
    await sleep(1000);
    execFileSync('bash', ['scripts/kafka.sh', 'halt'], { stdio: 'ignore' });
    try {
      for (let round = 0; round < 30; round++) {
        await appendFor(3, 40 + round * 3);
        await sleep(1000);
      }
    } finally {
      execFileSync('bash', ['scripts/kafka.sh', 'resume'], { stdio: 'ignore' });
    }
    await appendFor(10, 130);
    await expectDeliveredInOrder();
  });
});

// Every test that needs the shared broker while another halts it lives in this file (tests of one file never overlap).
const auditKey = auditSignerFromPem(
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
);
const checkpointClock = new FixedClock('2026-01-05T12:00:00.000Z');

describeKafka('audit checkpoints on Kafka (numlink.audit-checkpoints.v1)', () => {
  jest.setTimeout(180_000);
  it('publishes each signed checkpoint, its value the file line, in signing order', async () => {
    const world = await openAuditTrailWorld(pgliteKind);
    const prefix = `t${randomUUID().slice(0, 8)}.`;
    const publisher = new KafkaPublisher(
      { brokers: [kafkaBrokers!], topicPrefix: prefix, retryTimeoutMs: 20_000 },
      memoryLogger().logger,
    );
    const kafka = new Kafka({
      clientId: 'numlink-test',
      brokers: [kafkaBrokers!],
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `numlink-test-${randomUUID()}` });
    try {
      const publishers = [new KafkaAuditCheckpointPublisher(publisher)];
      await recordSampleHistory(world);
      const first = await signAuditHead(world.db, auditKey, checkpointClock.now(), { publishers });
      await world.record('number-request-r5', auditedEvent('OtpIssued', { requestId: 'r5' }));
      const second = await signAuditHead(world.db, auditKey, checkpointClock.now(), { publishers });

      const received: Array<{ key: string; checkpoint: AuditCheckpoint; type: string }> = [];
      await consumer.connect();
      await consumer.subscribe({ topics: [`${prefix}${AUDIT_CHECKPOINT_TOPIC}`], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          received.push({
            key: String(message.key),
            checkpoint: parseAuditCheckpointLines(`${String(message.value)}\n`)[0]!,
            type: String(message.headers?.ce_type),
          });
        },
      });
      const deadline = Date.now() + 120_000;
      while (received.length < 2 && Date.now() < deadline) await sleep(100);
      expect(received.map((r) => r.checkpoint)).toEqual([first, second]);
      expect(new Set(received.map((r) => r.key)).size).toBe(1);
      expect(received[0]!.type).toBe('kz.numlink.AuditCheckpointSigned.v1');
    } finally {
      await consumer.disconnect();
      await publisher.close();
      await world.dispose();
    }
  });
});
