import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { numberLinkDecider, numberLinkStreamId } from '../domain/number-link/decider';
import type { CheckBankNumber } from '../domain/number-request/commands';
import { decideBankCheck } from '../domain/number-request/decide';
import { bankCheckStreamId } from '../domain/number-request/decider';
import type { Language } from '../domain/shared/language';
import { toNewEvents, type CommandContext } from './command-context';
import { succeeded, type CommandOutcome } from './command-outcome';
import { loadStream } from './decider';
import { measuredCommand } from './measured-command';
import { Clock } from './ports/clock';
import { EventStreams } from './ports/event-store';
import { UseCaseMetrics } from './ports/use-case-metrics';
import { RequestOtpCommand, RequestOtpHandler, type OpenedRequest } from './request-otp';

/** Rules §7: a bank checks the number it holds for the citizen against the account's. */
export class CheckBankNumberCommand extends Command<CommandOutcome<BankCheckAnswer>> {
  constructor(
    /** What the bank sent; the handler adds the account's number. */
    readonly input: Pick<
      CheckBankNumber,
      'checkId' | 'iin' | 'phone' | 'bankId' | 'principal' | 'consent'
    > & {
      /** SPEC §9: the SMS language when a code must be sent; absent: the configured default. */
      readonly language?: Language;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

export type BankCheckAnswer =
  { readonly result: 'match' } | ({ readonly result: 'verification_required' } & OpenedRequest);

/**
 * Rules §7: a match changes nothing (the consent and the match are recorded); no number or another
 * one opens a bank request whose OTP goes to the bank's number. A missing consent is refused and
 * recorded through that request, as for any channel (R4).
 */
@CommandHandler(CheckBankNumberCommand)
export class CheckBankNumberHandler implements ICommandHandler<
  CheckBankNumberCommand,
  CommandOutcome<BankCheckAnswer>
> {
  constructor(
    private readonly streams: EventStreams,
    private readonly clock: Clock,
    private readonly requestOtp: RequestOtpHandler,
    private readonly metrics: UseCaseMetrics,
  ) {}

  execute(command: CheckBankNumberCommand): Promise<CommandOutcome<BankCheckAnswer>> {
    return measuredCommand('CheckBankNumber', this.metrics, {}, () => this.handle(command));
  }

  private async handle({
    input,
    context,
    commandId,
  }: CheckBankNumberCommand): Promise<CommandOutcome<BankCheckAnswer>> {
    const at = this.clock.now();
    const link = await loadStream(this.streams, numberLinkStreamId(input.iin), numberLinkDecider);
    const { result, decision } = decideBankCheck({
      type: 'CheckBankNumber',
      ...input,
      currentLink: link.state.current?.phone ?? null,
      at,
    });
    if (result === 'match' && decision.ok) {
      const streamId = bankCheckStreamId(input.checkId);
      await this.streams.append(
        streamId,
        toNewEvents(decision.events, context, at, `${commandId}:${streamId}`),
        'no_stream',
      );
      return succeeded({ result: 'match' });
    }
    const opened: CommandOutcome<OpenedRequest> = await this.requestOtp.execute(
      new RequestOtpCommand(
        {
          requestId: input.checkId,
          iin: input.iin,
          phone: input.phone,
          purpose: 'connect',
          channel: 'bank',
          principal: input.principal,
          consent: input.consent,
          ...(input.language === undefined ? {} : { language: input.language }),
        },
        context,
        commandId,
      ),
    );
    return opened.ok ? succeeded({ result: 'verification_required', ...opened.value }) : opened;
  }
}
