import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { EventSchemas } from '../../../application/event-schemas';
import type { RecordedEvent } from '../../../application/ports/event-store';
import { fromEsdbMetadata } from './esdb-event-metadata';
import type { EsdbNamespace } from './esdb-namespace';
import { fromEsdbPosition } from './esdb-position';

export interface StoredEvent {
  readonly recorded: RecordedEvent;
  /** The append that wrote it (see `EsdbEventMetadata.appendId`). */
  readonly appendId: string | undefined;
}

/**
 * An EventStoreDB event as the port's recorded event, upcast to its current schema; undefined for
 * anything that is not numlink's (system events, links, claims, other namespaces' streams).
 */
export function toStoredEvent(
  event: EsdbRecordedEvent,
  namespace: EsdbNamespace,
  schemas: EventSchemas,
): StoredEvent | undefined {
  const streamId = namespace.streamIdOf(event.streamId);
  if (streamId === undefined || event.type.startsWith('$')) return undefined;
  if (!event.isJson) throw new Error(`event ${event.id} in ${event.streamId} is not JSON`);
  const { metadata, schemaVersion, appendId } = fromEsdbMetadata(event.metadata, event.id);
  const upcast = schemas.upcast(event.type, schemaVersion, event.data);
  return {
    recorded: {
      eventId: event.id,
      type: event.type,
      schemaVersion: upcast.schemaVersion,
      streamId,
      revision: event.revision,
      position: fromEsdbPosition(event.position, event.id),
      data: upcast.data,
      metadata,
      // The server's own time of writing (ticks, read to the millisecond): the as-of view filters on it.
      recordedAt: event.created.toISOString(),
      ...(upcast.schemaVersion === schemaVersion ? {} : { stored: { schemaVersion, data: event.data } }),
    },
    appendId,
  };
}

/** SPEC §5 as-of view: recorded at or before the instant, compared to the millisecond as recorded. */
export function recordedBy(event: RecordedEvent, instant: string): boolean {
  return Date.parse(event.recordedAt) <= Date.parse(instant);
}
