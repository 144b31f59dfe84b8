/** One message for a topic: key (ordering), value, headers. */
export interface OutgoingMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Publishes messages to downstream systems (Kafka in production). Resolves once the broker has
 * acknowledged every message; rejects otherwise, and the caller publishes them again (at least once).
 */
export abstract class MessagePublisher {
  abstract publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  abstract close(): Promise<void>;
}
