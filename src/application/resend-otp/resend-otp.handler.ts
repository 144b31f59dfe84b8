import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { numberRequestDecider } from '../../domain/number-request/decider';
import type { NumberRequestState } from '../../domain/number-request/state';
import { numberRequestStreamId } from '../../domain/number-request/decider';
import { succeeded, type CommandOutcome } from '../command-outcome';
import { decideAndAppend } from '../decider';
import { NumberRequestSettings } from '../number-request-settings';
import { phoneHourWindow } from '../otp-send-limits';
import { notOwnedBy } from '../owned-request';
import { Clock } from '../ports/clock';
import { EventStore } from '../ports/event-store';
import { OtpCodes } from '../ports/otp-codes';
import { RateLimiter } from '../ports/rate-limiter';
import { measuredCommand } from '../measured-command';
import { UseCaseMetrics } from '../ports/use-case-metrics';
import { ResendOtpCommand, type ResentOtp } from './resend-otp.command';

/** Sends a new code for an open request (cooldown and sends per request in the decider; per number here). */
@CommandHandler(ResendOtpCommand)
export class ResendOtpHandler implements ICommandHandler<ResendOtpCommand, CommandOutcome<ResentOtp>> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly otpCodes: OtpCodes,
    private readonly rateLimiter: RateLimiter,
    private readonly settings: NumberRequestSettings,
    private readonly metrics: UseCaseMetrics,
  ) {}

  execute(command: ResendOtpCommand): Promise<CommandOutcome<ResentOtp>> {
    return measuredCommand('ResendOtp', this.metrics, {}, () => this.handle(command));
  }

  private async handle({ input, context, commandId }: ResendOtpCommand): Promise<CommandOutcome<ResentOtp>> {
    const at = this.clock.now();
    const { decision, state } = await decideAndAppend({
      store: this.store,
      streamId: numberRequestStreamId(input.requestId),
      decider: numberRequestDecider,
      context,
      at,
      commandId,
      guard: async (current) => {
        const notOwned = notOwnedBy(input.principal)(current);
        if (notOwned || current.status === 'none') return notOwned;
        // SPEC R14: codes to one number per hour count resends too; only a resend the decider would
        // accept takes from the window.
        const probe = numberRequestDecider.decide({ type: 'ResendOtp', otp: NO_CODE, at }, current);
        if (!probe.ok) return undefined;
        const limit = await this.rateLimiter.consume(
          [phoneHourWindow(current.phone, at, this.settings)],
          Date.parse(at),
        );
        return limit.allowed
          ? undefined
          : { code: 'rate_limited', details: { retryAfterSeconds: limit.retryAfterSeconds } };
      },
      command: (current: NumberRequestState) => ({
        type: 'ResendOtp' as const,
        otp: current.status === 'none' ? NO_CODE : this.otpCodes.issue(current),
        at,
      }),
    });
    if (!decision.ok) return { ok: false, refusal: decision.refusal };
    if (state.status !== 'otp_sent') throw new Error('a resent code leaves the request open');
    return succeeded({ otpExpiresAt: state.otp.expiresAt });
  }
}

const NO_CODE = { hash: '', sealed: '' };
