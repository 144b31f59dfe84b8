import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import type { RequestOtp } from '../../domain/number-request/commands';
import type { Instant } from '../../domain/shared/instant';
import type { Language } from '../../domain/shared/language';
import type { CommandContext } from '../command-context';

/** Rules §5-8: a channel asks for a one-time password to connect or change a citizen's number. */
export class RequestOtpCommand extends Command<CommandOutcome<OpenedRequest>> {
  constructor(
    /** What the channel sent; the handler adds the identity check, the account's number and the code. */
    readonly input: Pick<
      RequestOtp,
      'requestId' | 'iin' | 'phone' | 'purpose' | 'channel' | 'principal' | 'consent'
    > & {
      /** SPEC §9: the SMS language; absent: the configured default. */
      readonly language?: Language;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

export interface OpenedRequest {
  readonly requestId: string;
  readonly status: 'otp_sent';
  readonly otpExpiresAt: Instant;
  readonly expiresAt: Instant;
  readonly dataToSign?: string;
}
