import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { NumberRequestCommand } from '../domain/number-request/commands';
import { numberRequestDecider, numberRequestStreamId } from '../domain/number-request/decider';
import type { Instant } from '../domain/shared/instant';
import type { CommandContext } from './command-context';
import type { CommandOutcome } from './command-outcome';
import { DeciderCommandRunner } from './decider-command';
import { KnownRequests } from './known-requests';
import { NumberRequestSettings } from './number-request-settings';
import { phoneHourWindow } from './otp-send-limits';
import { notOwnedBy } from './owned-request';
import { OtpCodes } from './ports/otp-codes';
import { RateLimiter } from './ports/rate-limiter';

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

/**
 * Sends a new code for an open request: the cooldown and the sends per request are the decider's; the
 * codes to one number per hour, which span requests, are counted here.
 */
@CommandHandler(ResendOtpCommand)
export class ResendOtpHandler implements ICommandHandler<ResendOtpCommand, CommandOutcome<ResentOtp>> {
  constructor(
    private readonly decisions: DeciderCommandRunner,
    private readonly otpCodes: OtpCodes,
    private readonly rateLimiter: RateLimiter,
    private readonly settings: NumberRequestSettings,
    private readonly known: KnownRequests,
  ) {}

  execute({ input, context, commandId }: ResendOtpCommand): Promise<CommandOutcome<ResentOtp>> {
    // A new code moves the request's stream: the confirmation reads it, not what opening it left.
    this.known.forgetOpenedStreams(input.requestId);
    return this.decisions.run({
      name: 'ResendOtp',
      streamId: numberRequestStreamId(input.requestId),
      decider: numberRequestDecider,
      guard: notOwnedBy(input.principal),
      // The new code is made first: cheap, and stored (as its hash and sealed form) only if accepted.
      command: (at, request): NumberRequestCommand => {
        if (request.status === 'none') throw new Error('the guard answers a request that does not exist');
        return { type: 'ResendOtp', otp: this.otpCodes.issue(request), at };
      },
      // SPEC R14: codes to one number per hour count resends too; only an accepted resend takes from the window.
      admit: async (events) => {
        const issued = events.find((event) => event.type === 'OtpIssued');
        if (issued?.type !== 'OtpIssued') return undefined;
        const { phone, issuedAt } = issued.data;
        const limit = await this.rateLimiter.consume(
          [phoneHourWindow(phone, issuedAt, this.settings)],
          Date.parse(issuedAt),
        );
        return limit.allowed
          ? undefined
          : { code: 'rate_limited', details: { retryAfterSeconds: limit.retryAfterSeconds } };
      },
      answer: (request) => {
        if (request.status !== 'otp_sent') throw new Error('a resent code leaves the request open');
        return { otpExpiresAt: request.otp.expiresAt };
      },
      context,
      commandId,
    });
  }
}
