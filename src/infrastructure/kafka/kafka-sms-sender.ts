import { SMS_TOPIC } from '../../application/integration-events';
import type { MessagePublisher } from '../../application/ports/message-publisher';
import { SmsSender, type Sms } from '../../application/ports/sms-sender';
import { currentTraceparent } from '../../application/tracing';

/**
 * `NUMLINK_SMS_SINK=kafka`: the SMS goes to `numlink.sms.v1` for the SMS gateway, keyed by the number,
 * with the issuing event's id as `ce_id` so the gateway drops a repeat after a crash.
 */
export class KafkaSmsSender extends SmsSender {
  constructor(private readonly publisher: MessagePublisher) {
    super();
  }

  async send(sms: Sms): Promise<void> {
    const traceparent = currentTraceparent();
    await this.publisher.publish(SMS_TOPIC, [
      {
        key: sms.to,
        value: JSON.stringify({ to: sms.to, text: sms.text, requestId: sms.requestId, sentAt: sms.sentAt }),
        headers: {
          ce_specversion: '1.0',
          ce_id: sms.id ?? `${sms.requestId}:${sms.sentAt}`,
          ce_type: 'kz.numlink.SmsRequested.v1',
          ce_source: 'urn:numlink',
          ce_time: sms.sentAt,
          'content-type': 'application/json',
          ...(traceparent === undefined ? {} : { traceparent }),
        },
      },
    ]);
  }
}
