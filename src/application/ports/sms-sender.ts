import type { Instant } from '../../domain/shared/instant';
import type { Msisdn } from '../../domain/shared/msisdn';

/** One short text message to a subscriber number (Rules §5-8: the one-time password goes by SMS). */
export interface Sms {
  readonly to: Msisdn;
  readonly text: string;
  readonly requestId: string;
  readonly sentAt: Instant;
  /** The id of the event that asked for it: a receiver drops a repeat by it (at-least-once delivery). */
  readonly id?: string;
}

/** Hands an SMS to the gateway (a file sink in development, Kafka in production). Never logs the text. */
export abstract class SmsSender {
  abstract send(sms: Sms): Promise<void>;
}
