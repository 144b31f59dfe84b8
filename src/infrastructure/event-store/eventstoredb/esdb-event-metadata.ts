import type { EventMetadata } from '../../../application/ports/event-store';
import type { Actor } from '../../../domain/shared/domain-event';

/**
 * What numlink writes as an EventStoreDB event's metadata: the envelope (SPEC §5), the schema version
 * the data was written in, and the id of the append that wrote it.
 */
export type EsdbEventMetadata = {
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly traceparent?: string;
  readonly schemaVersion: number;
  /** Tells an append that wrote the events from an idempotent repeat that the server acknowledged. */
  readonly appendId: string;
  /** EventStoreDB's own names for the two ids (its $by_correlation_id projection reads them). */
  readonly $correlationId: string;
  readonly $causationId: string;
};

export interface ReadMetadata {
  readonly metadata: EventMetadata;
  readonly schemaVersion: number;
  readonly appendId: string | undefined;
}

export function toEsdbMetadata(
  metadata: EventMetadata,
  schemaVersion: number,
  appendId: string,
): EsdbEventMetadata {
  return {
    occurredAt: metadata.occurredAt,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    ...(metadata.traceparent === undefined ? {} : { traceparent: metadata.traceparent }),
    schemaVersion,
    appendId,
    $correlationId: metadata.correlationId,
    $causationId: metadata.causationId,
  };
}

/** Reads the envelope back exactly as it was given; anything else in the store is not numlink's event. */
export function fromEsdbMetadata(raw: unknown, eventId: string): ReadMetadata {
  const invalid = (what: string) => new Error(`event ${eventId} has no numlink envelope: ${what}`);
  if (!isRecord(raw)) throw invalid('metadata is not a JSON object');
  const { occurredAt, actor, correlationId, causationId, traceparent, schemaVersion, appendId } = raw;
  if (typeof occurredAt !== 'string') throw invalid('occurredAt');
  if (typeof correlationId !== 'string') throw invalid('correlationId');
  if (typeof causationId !== 'string') throw invalid('causationId');
  if (!isRecord(actor) || typeof actor.principal !== 'string' || typeof actor.role !== 'string') {
    throw invalid('actor');
  }
  if (actor.channel !== undefined && typeof actor.channel !== 'string') throw invalid('actor.channel');
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw invalid('schemaVersion');
  }
  const readActor: Actor =
    actor.channel === undefined
      ? { principal: actor.principal, role: actor.role }
      : { principal: actor.principal, role: actor.role, channel: actor.channel };
  return {
    metadata: {
      occurredAt,
      actor: readActor,
      correlationId,
      causationId,
      ...(typeof traceparent === 'string' ? { traceparent } : {}),
    },
    schemaVersion,
    appendId: typeof appendId === 'string' ? appendId : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
