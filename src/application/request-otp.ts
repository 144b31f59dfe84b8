import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { numberLinkDecider } from '../domain/number-link/decider';
import { numberLinkStreamId } from '../domain/number-link/decider';
import type { IdentityCheck, RequestOtp } from '../domain/number-request/commands';
import { numberRequestDecider } from '../domain/number-request/decider';
import { numberRequestStreamId } from '../domain/number-request/decider';
import type { Instant } from '../domain/shared/instant';
import type { Language } from '../domain/shared/language';
import { toNewEvents, type CommandContext } from './command-context';
import { refused, succeeded, type CommandOutcome } from './command-outcome';
import { KnownRequests } from './known-requests';
import { measuredCommand } from './measured-command';
import { NumberRequestSettings } from './number-request-settings';
import { iinDayWindow, phoneHourWindow } from './otp-send-limits';
import { Clock } from './ports/clock';
import { EventStreams, WrongExpectedRevisionError } from './ports/event-store';
import { IdentityRegistry } from './ports/identity-registry';
import { OtpCodes } from './ports/otp-codes';
import { RateLimiter } from './ports/rate-limiter';
import { UnitOfWork } from './ports/unit-of-work';
import { UseCaseMetrics } from './ports/use-case-metrics';
import { loadStream } from './decider';

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

/** A request id that exists already: the `no_stream` append refused it, and nothing was kept. */
class RequestExists extends Error {}

/**
 * Opens a number request. Checks in the order of SPEC §4: consent, identity registry, the account's
 * number (all in the decider, recorded when refused), then the limits (429, nothing recorded), then
 * the code is issued; the SMS goes out from the `OtpIssued` event (no SMS without its event).
 *
 * The registry is asked first; then one unit of work reads the account's link, takes the limits and
 * appends the request: one commit, and a request that cannot be opened gives its limits back.
 */
@CommandHandler(RequestOtpCommand)
export class RequestOtpHandler implements ICommandHandler<RequestOtpCommand, CommandOutcome<OpenedRequest>> {
  constructor(
    private readonly store: EventStreams,
    private readonly clock: Clock,
    private readonly otpCodes: OtpCodes,
    private readonly identityRegistry: IdentityRegistry,
    private readonly rateLimiter: RateLimiter,
    private readonly settings: NumberRequestSettings,
    private readonly metrics: UseCaseMetrics,
    private readonly unitOfWork: UnitOfWork,
    private readonly known: KnownRequests,
  ) {}

  execute(command: RequestOtpCommand): Promise<CommandOutcome<OpenedRequest>> {
    // SPEC §5: a request with purpose `change` is the ChangeNumber command of the design.
    const name = command.input.purpose === 'change' ? 'ChangeNumber' : 'RequestOtp';
    return measuredCommand(name, this.metrics, { 'numlink.channel': command.input.channel }, () =>
      this.handle(command),
    );
  }

  private async handle(command: RequestOtpCommand): Promise<CommandOutcome<OpenedRequest>> {
    const { input } = command;
    const at = this.clock.now();
    // Annex 9.2: without consent the registry is not even asked.
    const identity: IdentityCheck = input.consent?.given
      ? await this.identityRegistry.check(input.iin)
      : { status: 'not_verified', reason: 'consent_missing' };
    try {
      return await this.unitOfWork.run(() => this.open(command, identity, at));
    } catch (error) {
      if (error instanceof RequestExists) return refused('request_already_exists');
      throw error;
    }
  }

  private async open(
    { input, context, commandId }: RequestOtpCommand,
    identity: IdentityCheck,
    at: Instant,
  ): Promise<CommandOutcome<OpenedRequest>> {
    const streamId = numberRequestStreamId(input.requestId);
    const link = await loadStream(this.store, numberLinkStreamId(input.iin), numberLinkDecider);
    // A new request id: the `no_stream` append below is what refuses one that exists already.
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
      // Thrown out of the unit of work, so that the limits just taken are given back.
      if (error instanceof WrongExpectedRevisionError) throw new RequestExists();
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

    this.known.remember(input.requestId, input);
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
