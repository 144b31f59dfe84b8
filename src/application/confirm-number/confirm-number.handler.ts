import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { numberRequestDecider } from '../../domain/number-request/number-request-decider';
import { numberRequestStreamId } from '../../domain/number-request/number-request-stream';
import { succeeded, type CommandOutcome } from '../command-outcome';
import { completeConnection } from '../complete-connection/complete-connection';
import { decideAndAppend } from '../decider';
import { notOwnedBy } from '../owned-request';
import { BiometricVerifier } from '../ports/biometric-verifier';
import { Clock } from '../ports/clock';
import { EventStore } from '../ports/event-store';
import { OtpCodes } from '../ports/otp-codes';
import { SignatureVerifier } from '../ports/signature-verifier';
import { traced } from '../tracing';
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
  ) {
    this.verifiers = { otpCodes, signatures, biometrics };
  }

  private readonly verifiers: {
    otpCodes: OtpCodes;
    signatures: SignatureVerifier;
    biometrics: BiometricVerifier;
  };

  execute(command: ConfirmNumberCommand): Promise<CommandOutcome<ConnectedNumber>> {
    return traced('command.ConfirmNumber', {}, () => this.handle(command));
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
      command: (state) => confirmationFacts(state, input, at, this.verifiers),
      context,
      at,
      commandId,
    });
    if (!decision.ok) return { ok: false, refusal: decision.refusal };
    const confirmed = decision.events.find((event) => event.type === 'NumberConfirmed');
    if (confirmed?.type !== 'NumberConfirmed')
      throw new Error('an accepted confirmation confirms the number');

    // The link follows at once; the connection completer finishes it after a crash from the event.
    await completeConnection(this.store, confirmed.data, context, at);
    const { iin, phone, channel, confirmedAt } = confirmed.data;
    return succeeded({ status: 'connected', iin, phone, channel, connectedAt: confirmedAt });
  }
}
