/** The test broker (`scripts/kafka.sh start`); undefined when none is given (then the suite says why). */
export const kafkaBrokers = process.env.NUMLINK_TEST_KAFKA_BROKERS;

if (!kafkaBrokers) {
  if (process.env.CI === 'true') {
    throw new Error(
      'NUMLINK_TEST_KAFKA_BROKERS is not set: CI must start Kafka first with `scripts/kafka.sh start`',
    );
  }
  console.warn('Kafka tests skipped: NUMLINK_TEST_KAFKA_BROKERS is not set; run scripts/kafka.sh start');
}

export const describeKafka = kafkaBrokers ? describe : describe.skip;
