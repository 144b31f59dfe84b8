import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import type { Channel } from '../../domain/number-request/channel';
import type { Consent } from '../../domain/number-request/number-request-commands';
import type { Purpose } from '../../domain/number-request/purpose';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { Msisdn } from '../../domain/shared/msisdn';
import type { CommandContext } from '../command-context';

/** Rules §5-8: a channel asks for a one-time password to connect or change a citizen's number. */
export class RequestOtpCommand extends Command<CommandOutcome<OpenedRequest>> {
  constructor(
    readonly input: {
      readonly requestId: string;
      readonly iin: Iin;
      readonly phone: Msisdn;
      readonly purpose: Purpose;
      readonly channel: Channel;
      readonly principal: string;
      readonly consent: Consent | undefined;
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
