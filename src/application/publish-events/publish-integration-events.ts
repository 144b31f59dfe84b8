import type { RecordedEvent } from '../ports/event-store';
import type { MessagePublisher } from '../ports/message-publisher';
import { EVENTS_TOPIC, integrationMessage } from './integration-events';

/** Publishes a batch of the global order to `numlink.events.v1`; the runtime moves the checkpoint after. */
export function publishIntegrationEvents(publisher: MessagePublisher) {
  return (events: readonly RecordedEvent[]) =>
    publisher.publish(EVENTS_TOPIC, events.map(integrationMessage));
}
