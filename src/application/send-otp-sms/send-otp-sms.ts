import type { OtpIssued } from '../../domain/number-request/events';
import type { Language } from '../../domain/shared/language';
import type { Clock } from '../ports/clock';
import type { RecordedEvent } from '../ports/event-store';
import type { OtpCodes } from '../ports/otp-codes';
import type { SmsSender } from '../ports/sms-sender';
import { smsTextFor } from '../sms-text';
import { tracedReaction } from '../tracing';

/** Events this dispatcher reacts to. */
export const SMS_EVENT_TYPES = ['OtpIssued'] as const;

/**
 * Rules §5: the portal sends the one-time password by SMS. Driven by `OtpIssued` events in the store's
 * global order (no SMS without its event, none lost after a crash: at least once). The sealed code is
 * opened only here, just before it is handed to the sender (SPEC R15).
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
    for (const event of events) {
      if (event.type !== 'OtpIssued') continue;
      const issued = event.data as OtpIssued['data'];
      const opened = this.otpCodes.open(issued.otpSealed, issued.requestId);
      if (!opened.ok) throw new Error(`the code of event ${event.eventId} cannot be opened: ${opened.error}`);
      const ttlMinutes = Math.max(
        1,
        Math.round((Date.parse(issued.otpExpiresAt) - Date.parse(issued.issuedAt)) / 60_000),
      );
      await tracedReaction('reaction.SendOtpSms', event.metadata, { 'numlink.event_id': event.eventId }, () =>
        this.sender.send({
          to: issued.phone,
          text: smsTextFor(opened.value, ttlMinutes, issued.language ?? this.defaultLanguage),
          requestId: issued.requestId,
          sentAt: this.clock.now(),
          id: event.eventId,
        }),
      );
    }
  }
}
