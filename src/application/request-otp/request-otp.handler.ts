import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { numberLinkDecider } from '../../domain/number-link/decider';
import { numberLinkStreamId } from '../../domain/number-link/decider';
import { numberRequestDecider } from '../../domain/number-request/decider';
import type { IdentityCheck } from '../../domain/number-request/commands';
import { numberRequestStreamId } from '../../domain/number-request/decider';
import { toNewEvents } from '../command-context';
import { refused, succeeded, type CommandOutcome } from '../command-outcome';
import { loadStream } from '../decider';
import { NumberRequestSettings } from '../number-request-settings';
import { iinDayWindow, phoneHourWindow } from '../otp-send-limits';
import { Clock } from '../ports/clock';
import { EventStore, WrongExpectedRevisionError } from '../ports/event-store';
import { IdentityRegistry } from '../ports/identity-registry';
import { OtpCodes } from '../ports/otp-codes';
import { RateLimiter } from '../ports/rate-limiter';
import { measuredCommand } from '../measured-command';
import { UseCaseMetrics } from '../ports/use-case-metrics';
import { RequestOtpCommand, type OpenedRequest } from './request-otp.command';

/**
 * Opens a number request. Checks in the order of SPEC §4: consent, identity registry, the account's
 * number (all in the decider, recorded when refused), then the limits (429, nothing recorded), then
 * the code is issued; the SMS goes out from the `OtpIssued` event (no SMS without its event).
 */
@CommandHandler(RequestOtpCommand)
export class RequestOtpHandler implements ICommandHandler<RequestOtpCommand, CommandOutcome<OpenedRequest>> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly otpCodes: OtpCodes,
    private readonly identityRegistry: IdentityRegistry,
    private readonly rateLimiter: RateLimiter,
    private readonly settings: NumberRequestSettings,
    private readonly metrics: UseCaseMetrics,
  ) {}

  execute(command: RequestOtpCommand): Promise<CommandOutcome<OpenedRequest>> {
    // SPEC §5: a request with purpose `change` is the ChangeNumber command of the design.
    const name = command.input.purpose === 'change' ? 'ChangeNumber' : 'RequestOtp';
    return measuredCommand(name, this.metrics, { 'numlink.channel': command.input.channel }, () =>
      this.handle(command),
    );
  }

  private async handle({
    input,
    context,
    commandId,
  }: RequestOtpCommand): Promise<CommandOutcome<OpenedRequest>> {
    const at = this.clock.now();
    const streamId = numberRequestStreamId(input.requestId);
    // A new request id: the `no_stream` append below is what refuses one that exists already.
    // Annex 9.2: without consent the registry is not even asked.
    const identity: IdentityCheck = input.consent?.given
      ? await this.identityRegistry.check(input.iin)
      : { status: 'not_verified', reason: 'consent_missing' };
    const link = await loadStream(this.store, numberLinkStreamId(input.iin), numberLinkDecider);
    const decision = numberRequestDecider.decide(
      {
        type: 'RequestOtp',
        ...input,
        language: input.language ?? this.settings.defaultLanguage,
        identity,
        currentLink: link.state.current?.phone ?? null,
        otp: this.otpCodes.issue({ requestId: input.requestId, iin: input.iin, phone: input.phone }),
        at,
        limits: this.settings.requestLimits,
      },
      numberRequestDecider.initialState,
    );

    if (decision.ok) {
      // SPEC R14: per number per hour and per IIN per day, taken atomically (no two requests slip past).
      const limit = await this.rateLimiter.consume(
        [phoneHourWindow(input.phone, at, this.settings), iinDayWindow(input.iin, at, this.settings)],
        Date.parse(at),
      );
      if (!limit.allowed) return refused('rate_limited', { retryAfterSeconds: limit.retryAfterSeconds });
    }

    try {
      await this.store.append(
        streamId,
        toNewEvents(decision.events, context, at, `${commandId}:${streamId}`),
        'no_stream',
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return refused('request_already_exists');
      throw error;
    }
    if (!decision.ok)
      return {
        ok: false,
        refusal: {
          ...decision.refusal,
          details: { ...decision.refusal.details, requestId: input.requestId },
        },
      };

    const issued = decision.events.find((event) => event.type === 'OtpIssued');
    if (issued?.type !== 'OtpIssued') throw new Error('an accepted request issues a code');
    return succeeded({
      requestId: input.requestId,
      status: 'otp_sent',
      otpExpiresAt: issued.data.otpExpiresAt,
      expiresAt: issued.data.expiresAt,
      ...(issued.data.dataToSign ? { dataToSign: issued.data.dataToSign } : {}),
    });
  }
}
