/** Every domain event is a plain readonly object with a past-tense `type` tag. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Who caused an event: the authenticated principal, its role, and the channel it acts for. */
export interface Actor {
  readonly principal: string;
  readonly role: string;
  readonly channel?: string;
}

/**
 * The one event envelope (SPEC §5). The event store persists it with every event; projections,
 * the audit trail and Kafka read it back.
 */
export interface EventEnvelope {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  /** The W3C trace context the event was written in, when there was one (reactions continue it). */
  readonly traceparent?: string;
}
