import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';

/** SPEC R14: a new code for an open request; only the latest code is valid. */
export class ResendOtpCommand extends Command<CommandOutcome<ResentOtp>> {
  constructor(
    readonly input: { readonly requestId: string; readonly principal: string },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

export interface ResentOtp {
  readonly otpExpiresAt: Instant;
}
