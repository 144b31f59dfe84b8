import type { RecordedEvent } from './ports/event-store';
import type { OutgoingMessage } from './ports/message-publisher';

export const EVENTS_TOPIC = 'numlink.events.v1';
export const SMS_TOPIC = 'numlink.sms.v1';
export const CLOUDEVENTS_SOURCE = 'urn:numlink';

/** Fields that never leave numlink: the OTP's hash and its sealed form (SPEC R15). */
const PRIVATE_FIELDS = new Set(['otpHash', 'otpSealed']);

/** The citizen an event is about: its IIN, from the data or the stream (`number-link-<iin>`). */
export function partitionKeyOf(event: RecordedEvent): string {
  const data = event.data as { iin?: unknown } | null;
  if (typeof data?.iin === 'string') return data.iin;
  const fromStream = /^number-link-(\d{12})$/.exec(event.streamId);
  return fromStream?.[1] ?? event.streamId;
}

/**
 * An event as downstream systems read it on `numlink.events.v1`: keyed by IIN (one citizen's events stay
 * in order), CloudEvents binary-mode headers, `ce_id` = the event id so consumers drop duplicates.
 */
export function integrationMessage(event: RecordedEvent): OutgoingMessage {
  const data = Object.fromEntries(
    Object.entries(event.data as Record<string, unknown>).filter(([field]) => !PRIVATE_FIELDS.has(field)),
  );
  return {
    key: partitionKeyOf(event),
    value: JSON.stringify({
      id: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId: event.streamId,
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      data,
    }),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.eventId,
      ce_type: `kz.numlink.${event.type}.v${event.schemaVersion}`,
      ce_source: CLOUDEVENTS_SOURCE,
      ce_time: event.metadata.occurredAt,
      ce_subject: event.streamId,
      'content-type': 'application/json',
    },
  };
}
