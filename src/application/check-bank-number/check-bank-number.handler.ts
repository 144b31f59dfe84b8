import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { bankCheckStreamId } from '../../domain/number-request/decider';
import { decideBankCheck } from '../../domain/number-request/decide';
import { numberLinkDecider } from '../../domain/number-link/decider';
import { numberLinkStreamId } from '../../domain/number-link/decider';
import { toNewEvents } from '../command-context';
import { succeeded, type CommandOutcome } from '../command-outcome';
import { loadStream } from '../decider';
import { Clock } from '../ports/clock';
import { EventStore } from '../ports/event-store';
import { RequestOtpCommand, type OpenedRequest } from '../request-otp';
import { RequestOtpHandler } from '../request-otp';
import { measuredCommand } from '../measured-command';
import { UseCaseMetrics } from '../ports/use-case-metrics';
import { CheckBankNumberCommand, type BankCheckAnswer } from './check-bank-number.command';

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
    private readonly store: EventStore,
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
    const link = await loadStream(this.store, numberLinkStreamId(input.iin), numberLinkDecider);
    const { result, decision } = decideBankCheck({
      type: 'CheckBankNumber',
      ...input,
      currentLink: link.state.current?.phone ?? null,
      at,
    });
    if (result === 'match' && decision.ok) {
      const streamId = bankCheckStreamId(input.checkId);
      await this.store.append(
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
