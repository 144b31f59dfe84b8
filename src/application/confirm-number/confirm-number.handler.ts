import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { numberRequestDecider } from '../../domain/number-request/decider';
import { numberRequestStreamId } from '../../domain/number-request/decider';
import { succeeded, type CommandOutcome } from '../command-outcome';
import { completeConnection } from '../complete-connection/complete-connection';
import { decideAndAppend, loadStream } from '../decider';
import { numberLinkDecider } from '../../domain/number-link/decider';
import { numberLinkStreamId } from '../../domain/number-link/decider';
import type { NumberRequestState } from '../../domain/number-request/state';
import type { Msisdn } from '../../domain/shared/msisdn';
import type { ConfirmNumber } from '../../domain/number-request/commands';
import { notOwnedBy } from '../owned-request';
import { BiometricVerifier } from '../ports/biometric-verifier';
import { Clock } from '../ports/clock';
import { EventStore } from '../ports/event-store';
import { OtpCodes } from '../ports/otp-codes';
import { SignatureVerifier } from '../ports/signature-verifier';
import { measuredCommand } from '../measured-command';
import { UseCaseMetrics } from '../ports/use-case-metrics';
import { ConfirmNumberCommand, type ConnectedNumber } from './confirm-number.command';
import { confirmationFacts } from './confirmation-facts';

/**
 * Rules §9: a wrong code or a failed factor never connects a number and counts as an attempt. The
 * confirmation appends with the revision it read, so of concurrent confirmations exactly one succeeds;
 * the others decide again on the completed request (`request_completed`).
 */
@CommandHandler(ConfirmNumberCommand)
export class ConfirmNumberHandler implements ICommandHandler<
  ConfirmNumberCommand,
  CommandOutcome<ConnectedNumber>
> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    otpCodes: OtpCodes,
    signatures: SignatureVerifier,
    biometrics: BiometricVerifier,
    private readonly metrics: UseCaseMetrics,
  ) {
    this.verifiers = { otpCodes, signatures, biometrics };
  }

  private readonly verifiers: {
    otpCodes: OtpCodes;
    signatures: SignatureVerifier;
    biometrics: BiometricVerifier;
  };

  execute(command: ConfirmNumberCommand): Promise<CommandOutcome<ConnectedNumber>> {
    return measuredCommand('ConfirmNumber', this.metrics, {}, () => this.handle(command));
  }

  /** The number connected to the account now: the decider refuses a connect that would replace it (Rules §8). */
  private async currentLink(state: NumberRequestState): Promise<Msisdn | null> {
    if (state.status !== 'otp_sent') return null;
    const link = await loadStream(this.store, numberLinkStreamId(state.iin), numberLinkDecider);
    return link.state.current?.phone ?? null;
  }

  /** Counts the EDS check by what the verifier's result reports (its algorithm, when it names one). */
  private counted(facts: ConfirmNumber): ConfirmNumber {
    const check = facts.signature;
    if (check && check.status !== 'missing') {
      const algorithm =
        'algorithm' in check && typeof check.algorithm === 'string' ? check.algorithm : 'unknown';
      this.metrics.edsVerifications.inc({
        algorithm,
        outcome:
          check.status === 'valid' ? 'valid' : check.status === 'unavailable' ? 'unavailable' : check.code,
      });
    }
    return facts;
  }

  private async handle({
    input,
    context,
    commandId,
  }: ConfirmNumberCommand): Promise<CommandOutcome<ConnectedNumber>> {
    const at = this.clock.now();
    const { decision } = await decideAndAppend({
      store: this.store,
      streamId: numberRequestStreamId(input.requestId),
      decider: numberRequestDecider,
      guard: notOwnedBy(input.principal),
      command: async (state) =>
        this.counted({
          ...(await confirmationFacts(state, input, at, this.verifiers)),
          currentLink: await this.currentLink(state),
        }),
      context,
      at,
      commandId,
    });
    for (const event of decision.events)
      if (event.type === 'OtpConfirmationFailed')
        this.metrics.otpConfirmationFailures.inc({ code: event.data.code });
    if (!decision.ok) return { ok: false, refusal: decision.refusal };
    const confirmed = decision.events.find((event) => event.type === 'NumberConfirmed');
    if (confirmed?.type !== 'NumberConfirmed')
      throw new Error('an accepted confirmation confirms the number');

    // The link follows at once. NumberConfirmed is stored: should this step fail (the store went
    // away), the connection completer finishes it from the event, so the answer is still the success,
    // never "nothing was changed" (a retry would only meet request_completed).
    await completeConnection(this.store, confirmed.data, context, at).catch(() => undefined);
    const { iin, phone, channel, confirmedAt } = confirmed.data;
    return succeeded({ status: 'connected', iin, phone, channel, connectedAt: confirmedAt });
  }
}
