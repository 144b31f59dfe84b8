import { publishIntegrationEvents } from '../../src/application/publish-integration-events';
import type { RecordedEvent } from '../../src/application/ports/event-store';
import { MessagePublisher, type OutgoingMessage } from '../../src/application/ports/message-publisher';
import { ensureTraceContext } from '../../src/infrastructure/observability/telemetry';

/** Keeps what it is asked to publish (the real Kafka adapter has its own suite against a broker). */
class KeptMessages extends MessagePublisher {
  readonly sent: Array<{ topic: string; messages: readonly OutgoingMessage[] }> = [];
  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.sent.push({ topic, messages });
  }
  async close(): Promise<void> {}
}

function recorded(eventId: string, traceparent?: string): RecordedEvent {
  return {
    eventId,
    type: 'ComplaintRecorded',
    schemaVersion: 1,
    streamId: `complaint-${eventId}`,
    revision: 0n,
    position: { commit: 1n, prepare: 1n },
    data: { complaintId: eventId },
    metadata: {
      occurredAt: '2026-03-18T05:00:00.000Z',
      actor: { principal: 'reviewer', role: 'reviewer' },
      correlationId: 'c-1',
      causationId: 'c-1',
      ...(traceparent ? { traceparent } : {}),
    },
    recordedAt: '2026-03-18T05:00:00.000Z',
  };
}

describe('integration events on Kafka carry the trace their event was written in', () => {
  beforeAll(() => ensureTraceContext());

  it("puts the stored traceparent in the message's headers, and none when the event has none", async () => {
    const publisher = new KeptMessages();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await publishIntegrationEvents(publisher)([recorded('e-1', traceparent), recorded('e-2')]);
    const [first, second] = publisher.sent[0]!.messages;
    // Without an SDK no new span is made: the stored context passes through unchanged.
    expect(first!.headers.traceparent).toBe(traceparent);
    expect(first!.headers.ce_id).toBe('e-1');
    expect(second!.headers).not.toHaveProperty('traceparent');
  });
});
