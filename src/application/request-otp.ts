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
import { KnownRequests, type OpenedStreams } from './known-requests';
import { measuredCommand } from './measured-command';
import { NumberRequestSettings } from './number-request-settings';
import { iinDayWindow, phoneHourWindow } from './otp-send-limits';
import { Clock } from './ports/clock';
import {
  EventStreams,
  WrongExpectedRevisionError,
  type AppendResult,
  type StreamAppend,
} from './ports/event-store';
import { IdentityRegistry } from './ports/identity-registry';
import { OtpCodes } from './ports/otp-codes';
import { LimitedAppender } from './ports/limited-appender';
import { UseCaseMetrics } from './ports/use-case-metrics';
import { connectionStreamIds } from './complete-connection';
import { foldStream, type StreamEvent } from './streams';

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

/**
 * Opens a number request. Checks in the order of SPEC §4: consent, identity registry, the account's
 * number (all in the decider, recorded when refused), then the limits (429, nothing recorded), then
 * the code is issued; the SMS goes out from the `OtpIssued` event (no SMS without its event).
 *
 * The registry is asked first; then one read fetches the account's link and the number's holder, and
 * one step takes the limits and appends the request (`LimitedAppender`: one statement on PostgreSQL),
 * so a request that cannot be opened takes no limits. The streams as they then stand are remembered
 * for the confirmation (`KnownRequests`).
 */
@CommandHandler(RequestOtpCommand)
export class RequestOtpHandler implements ICommandHandler<RequestOtpCommand, CommandOutcome<OpenedRequest>> {
  constructor(
    private readonly store: EventStreams,
    private readonly clock: Clock,
    private readonly otpCodes: OtpCodes,
    private readonly identityRegistry: IdentityRegistry,
    private readonly limitedAppender: LimitedAppender,
    private readonly settings: NumberRequestSettings,
    private readonly metrics: UseCaseMetrics,
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
      return await this.open(command, identity, at);
    } catch (error) {
      // The `no_stream` append refused a request id that exists already; no limit was taken.
      if (error instanceof WrongExpectedRevisionError) return refused('request_already_exists');
      throw error;
    }
  }

  private async open(
    { input, context, commandId }: RequestOtpCommand,
    identity: IdentityCheck,
    at: Instant,
  ): Promise<CommandOutcome<OpenedRequest>> {
    const streamId = numberRequestStreamId(input.requestId);
    const streams = await this.store.readStreams(connectionStreamIds(input));
    const link = foldStream(numberLinkDecider, streams.get(numberLinkStreamId(input.iin)) ?? []);
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
    const events = toNewEvents(decision.events, context, at, `${commandId}:${streamId}`);
    const append = { streamId, events, expected: 'no_stream' } as const;

    // SPEC R14: per number per hour and per IIN per day, taken with the append (no two requests slip past).
    const limits = decision.ok
      ? [phoneHourWindow(input.phone, at, this.settings), iinDayWindow(input.iin, at, this.settings)]
      : [];
    const recorded = await this.limitedAppender.append(limits, Date.parse(at), append);
    if (!recorded.allowed) return refused('rate_limited', { retryAfterSeconds: recorded.retryAfterSeconds });
    if (!decision.ok)
      return {
        ok: false,
        refusal: {
          ...decision.refusal,
          details: { ...decision.refusal.details, requestId: input.requestId },
        },
      };

    if (recorded.result.duplicate) this.known.remember(input.requestId, input);
    else this.known.rememberOpened(input.requestId, input, openedOn(streams, append, recorded.result));
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

/** The streams read, with the request's own as just appended. */
function openedOn(
  streams: ReadonlyMap<string, readonly StreamEvent[]>,
  { streamId, events }: StreamAppend,
  { nextExpectedRevision }: AppendResult,
): OpenedStreams {
  const first = nextExpectedRevision - BigInt(events.length - 1);
  const appended = events.map(({ eventId, type, data }, index): StreamEvent => ({
    eventId,
    type,
    data,
    revision: first + BigInt(index),
  }));
  return new Map([...streams, [streamId, appended]]);
}
