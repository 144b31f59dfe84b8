/**
 * Where one numlink keeps its streams on an EventStoreDB that may hold others (other services, other
 * environments, test runs): every stream is `<name>-<streamId>`, so `$ce-<name>` is numlink's category,
 * and the event-id claims live beside them as `<name>.event-id-<eventId>`, outside that prefix.
 */
export class EsdbNamespace {
  readonly streamPrefix: string;

  constructor(readonly name: string = 'numlink') {
    // No '-' or '.': one namespace's prefix is then never the start of another's.
    if (!/^[a-z0-9_]+$/.test(name)) {
      throw new Error(`EventStoreDB namespace must be lowercase letters, digits or _, got "${name}"`);
    }
    this.streamPrefix = `${name}-`;
  }

  streamName(streamId: string): string {
    return this.streamPrefix + streamId;
  }

  /** The port's stream id of an EventStoreDB stream, or undefined when the stream is not numlink's. */
  streamIdOf(streamName: string): string | undefined {
    return streamName.startsWith(this.streamPrefix) ? streamName.slice(this.streamPrefix.length) : undefined;
  }

  claimStreamName(eventId: string): string {
    return `${this.name}.event-id-${eventId}`;
  }
}
