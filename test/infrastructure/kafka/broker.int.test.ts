import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';

// Smoke test of the real broker that `scripts/kafka.sh start` runs: if this fails, every Kafka adapter
// test would fail for a reason that is not theirs.
const brokers = process.env.NUMLINK_TEST_KAFKA_BROKERS;

if (!brokers) {
  if (process.env.CI === 'true') {
    throw new Error(
      'NUMLINK_TEST_KAFKA_BROKERS is not set: CI must start Kafka first with `scripts/kafka.sh start`',
    );
  }
  console.warn('Kafka tests skipped: NUMLINK_TEST_KAFKA_BROKERS is not set; run scripts/kafka.sh start');
}

const describeKafka = brokers ? describe : describe.skip;

const receiveTimeoutMs = 30_000;

function firstMessageOf(
  kafka: Kafka,
  topic: string,
  cleanups: Array<() => Promise<void>>,
): Promise<KafkaMessage> {
  const consumer = kafka.consumer({ groupId: `numlink-smoke-${randomUUID()}` });
  cleanups.push(() => consumer.disconnect());
  return new Promise<KafkaMessage>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no message on ${topic} within ${receiveTimeoutMs} ms`)),
      receiveTimeoutMs,
    );
    cleanups.push(async () => clearTimeout(timer));
    consumer
      .connect()
      .then(() => consumer.subscribe({ topics: [topic], fromBeginning: true }))
      .then(() =>
        consumer.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve(message);
          },
        }),
      )
      .catch(reject);
  });
}

describeKafka('the test Kafka broker started by scripts/kafka.sh', () => {
  const kafka = new Kafka({
    clientId: 'numlink-broker-smoke-test',
    brokers: (brokers ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('given a fresh topic, when one message is produced, then a consumer reads back that message', async () => {
    const topic = `numlink.smoke.${randomUUID()}`;
    const admin = kafka.admin();
    cleanups.push(() => admin.disconnect());
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })).toBe(
      true,
    );
    cleanups.push(() => admin.deleteTopics({ topics: [topic] }));

    const sent = {
      key: randomUUID(),
      value: JSON.stringify({ eventId: randomUUID() }),
      eventId: randomUUID(),
    };
    const producer = kafka.producer();
    cleanups.push(() => producer.disconnect());
    await producer.connect();
    const [acknowledged] = await producer.send({
      topic,
      acks: -1,
      messages: [{ key: sent.key, value: sent.value, headers: { ce_id: sent.eventId } }],
    });
    expect(acknowledged).toMatchObject({ topicName: topic, partition: 0, errorCode: 0 });

    const received = await firstMessageOf(kafka, topic, cleanups);

    expect(received.key?.toString()).toBe(sent.key);
    expect(received.value?.toString()).toBe(sent.value);
    expect(received.headers?.['ce_id']?.toString()).toBe(sent.eventId);
    expect(received.offset).toBe(acknowledged?.baseOffset);
  });
});
