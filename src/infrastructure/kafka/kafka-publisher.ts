import { CompressionTypes, Kafka, logLevel, type Producer } from 'kafkajs';
import { MessagePublisher, type OutgoingMessage } from '../../application/ports/message-publisher';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

export interface KafkaPublisherOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** How long one publish may retry before it fails (the caller then tries the batch again). */
  readonly retryTimeoutMs?: number;
  /** Prepended to every topic name (tests use one per run). */
  readonly topicPrefix?: string;
}

/**
 * The message publisher on Kafka (kafkajs). kafkajs is no longer maintained, so its known failure modes
 * are handled here: a send that fails after the client's own retries rejects (never hangs: a timeout is
 * set), and the producer is rebuilt from scratch on the next publish, since kafkajs does not reconnect a
 * producer whose connection it gave up on. The producer is idempotent (one in-flight request), so
 * retries neither duplicate nor reorder messages within a partition.
 */
export class KafkaPublisher extends MessagePublisher {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;

  constructor(
    private readonly options: KafkaPublisherOptions,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {
    super();
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'numlink',
      brokers: [...options.brokers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 3000 },
    });
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      const producer = await this.connected();
      await withTimeout(
        producer.send({
          topic: `${this.options.topicPrefix ?? ''}${topic}`,
          acks: -1,
          compression: CompressionTypes.None,
          messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
        }),
        this.options.retryTimeoutMs ?? 30_000,
      );
    } catch (error) {
      this.metrics?.kafkaMessages.inc({ topic, outcome: 'failed' }, messages.length);
      this.logger.warn({ err: error, topic, count: messages.length }, 'kafka publish failed; will retry');
      await this.reset();
      throw error;
    }
    this.metrics?.kafkaMessages.inc({ topic, outcome: 'published' }, messages.length);
  }

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
      });
      producer.on(producer.events.DISCONNECT, () => {
        if (this.producer === producer) this.producer = undefined;
      });
      try {
        await producer.connect();
      } catch (error) {
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
      this.producer = producer;
      return producer;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.reset();
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`kafka publish timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
