import { SpanStatusCode } from '@opentelemetry/api';
import type { RecordedEvent } from './ports/event-store';
import type { MessagePublisher } from './ports/message-publisher';
import { startProducerSpan } from './tracing';
import { EVENTS_TOPIC, integrationMessage } from './integration-events';

/**
 * Publishes a batch of the global order to `numlink.events.v1`; the runtime moves the checkpoint after.
 * Each message gets a producer span continuing its event's trace, and carries it as `traceparent`.
 */
export function publishIntegrationEvents(publisher: MessagePublisher) {
  return async (events: readonly RecordedEvent[]) => {
    const sends = events.map((event) => {
      const { span, traceparent } = startProducerSpan(`publish ${EVENTS_TOPIC}`, event.metadata, {
        'messaging.system': 'kafka',
        'messaging.destination.name': EVENTS_TOPIC,
        'numlink.event_id': event.eventId,
        'numlink.event_type': event.type,
      });
      const message = integrationMessage(event);
      return {
        span,
        message: traceparent ? { ...message, headers: { ...message.headers, traceparent } } : message,
      };
    });
    try {
      await publisher.publish(
        EVENTS_TOPIC,
        sends.map((send) => send.message),
      );
    } catch (error) {
      for (const { span } of sends) span.setStatus({ code: SpanStatusCode.ERROR, message: 'publish failed' });
      throw error;
    } finally {
      for (const { span } of sends) span.end();
    }
  };
}
