import type { OtpIssued } from '../domain/number-request/events';
import type { Language } from '../domain/shared/language';
import type { Msisdn } from '../domain/shared/msisdn';
import type { Clock } from './ports/clock';
import type { RecordedEvent } from './ports/event-store';
import type { OtpCodes } from './ports/otp-codes';
import type { SmsSender } from './ports/sms-sender';
import { smsTextFor } from './sms-text';
import { tracedReaction } from './tracing';

/** Events this dispatcher reacts to. */
export const SMS_EVENT_TYPES = ['OtpIssued'] as const;

/** Numbers whose SMS are handed to the gateway at the same time, at most (one number's go in order). */
export const SMS_NUMBERS_IN_FLIGHT = 16;

/** One SMS of a batch, its code opened, ready to hand on. */
interface PendingSms {
  readonly to: Msisdn;
  readonly send: () => Promise<void>;
}

/**
 * Rules §5: the portal sends the one-time password by SMS. Driven by `OtpIssued` events in the store's
 * global order (no SMS without its event, none lost after a crash: at least once). The sealed code is
 * opened only here, just before it is handed to the sender (SPEC R15).
 *
 * A batch's SMS go to different numbers side by side (a gateway round trip each, so one after another
 * they held the batch, and every code behind it, for the sum of them), and to one number in the order
 * of their events: a resent code never overtakes the code it replaces. The batch ends, and the
 * checkpoint moves, only once every SMS of it is handed on; if one fails, the others are still waited
 * for and the batch is tried again (a repeat carries the event's id, so the gateway drops it).
 */
export class SendOtpSms {
  constructor(
    private readonly otpCodes: OtpCodes,
    private readonly sender: SmsSender,
    private readonly clock: Clock,
    /** SPEC §9: the language of a request recorded before requests had one. */
    private readonly defaultLanguage: Language,
  ) {}

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const byNumber = new Map<Msisdn, PendingSms[]>();
    for (const event of events) {
      if (event.type !== 'OtpIssued') continue;
      const pending = this.prepare(event, event.data as OtpIssued['data']);
      const queue = byNumber.get(pending.to);
      if (queue) queue.push(pending);
      else byNumber.set(pending.to, [pending]);
    }
    const queues = [...byNumber.values()];
    const failures: unknown[] = [];
    const worker = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        try {
          for (const sms of queue) await sms.send();
        } catch (error) {
          failures.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SMS_NUMBERS_IN_FLIGHT, queues.length) }, worker));
    if (failures.length > 0) throw failures[0];
  }

  /** Opens the code now: a code that cannot be opened fails the batch before anything is sent. */
  private prepare(event: RecordedEvent, issued: OtpIssued['data']): PendingSms {
    const opened = this.otpCodes.open(issued.otpSealed, issued.requestId);
    if (!opened.ok) throw new Error(`the code of event ${event.eventId} cannot be opened: ${opened.error}`);
    const ttlMinutes = Math.max(
      1,
      Math.round((Date.parse(issued.otpExpiresAt) - Date.parse(issued.issuedAt)) / 60_000),
    );
    const text = smsTextFor(opened.value, ttlMinutes, issued.language ?? this.defaultLanguage);
    return {
      to: issued.phone,
      send: () =>
        tracedReaction('reaction.SendOtpSms', event.metadata, { 'numlink.event_id': event.eventId }, () =>
          this.sender.send({
            to: issued.phone,
            text,
            requestId: issued.requestId,
            sentAt: this.clock.now(),
            id: event.eventId,
          }),
        ),
    };
  }
}
