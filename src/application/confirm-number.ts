import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Channel } from '../domain/shared/channel';
import type { ConfirmNumber } from '../domain/number-request/commands';
import { numberRequestDecider } from '../domain/number-request/decider';
import type { NumberConfirmed, NumberRequestEvent } from '../domain/number-request/events';
import type { NumberRequestState } from '../domain/number-request/state';
import { numberRequestStreamId } from '../domain/number-request/decider';
import { numberLinkDecider } from '../domain/number-link/decider';
import { numberLinkStreamId } from '../domain/number-link/decider';
import type { Iin } from '../domain/shared/iin';
import type { Instant } from '../domain/shared/instant';
import type { Msisdn } from '../domain/shared/msisdn';
import type { Decision } from '../domain/shared/refusal';
import type { CommandContext } from './command-context';
import { succeeded, type CommandOutcome } from './command-outcome';
import { completeConnection, connectionStreamIds, decideConnection } from './complete-connection';
import { confirmationFacts } from './confirmation-facts';
import { KnownRequests, type OpenedStreams } from './known-requests';
import { measuredCommand } from './measured-command';
import { notOwnedBy } from './owned-request';
import { BiometricVerifier } from './ports/biometric-verifier';
import { Clock } from './ports/clock';
import { EventStreams, type StreamAppend } from './ports/event-store';
import { OtpCodes } from './ports/otp-codes';
import { SignatureVerifier } from './ports/signature-verifier';
import { UseCaseMetrics } from './ports/use-case-metrics';
import { decidedAppend, retryOnConflict, type Attempt, type Invocation } from './decider';
import { foldStream, type StreamEvent } from './streams';

/** Rules §5-9: the citizen proves possession with the code and the second factor. */
export class ConfirmNumberCommand extends Command<CommandOutcome<ConnectedNumber>> {
  constructor(
    readonly input: {
      readonly requestId: string;
      readonly principal: string;
      readonly otp: string;
      readonly signature?: string;
      readonly biometricToken?: string;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

export interface ConnectedNumber {
  readonly status: 'connected';
  readonly iin: Iin;
  readonly phone: Msisdn;
  readonly channel: Channel;
  readonly connectedAt: Instant;
}

/**
 * Rules §9: a wrong code or a failed factor never connects a number and counts as an attempt.
 *
 * At most one read, one append: the request, the number's holder and the account's link are read in
 * one statement, or not at all when this process opened the request (`KnownRequests` remembers them as
 * they stood then, for the first confirmation); the confirmation and what it connects (the claim, the
 * link, the release of the account that held the number, SPEC R11) are decided on them and appended in
 * one transaction, each stream at the revision decided on. Another writer of any of them in between is a conflict, and all is decided again
 * on fresh state: of concurrent confirmations of one request exactly one succeeds (the others meet
 * `request_completed`), and of two citizens racing for one number the later proof takes it.
 */
@CommandHandler(ConfirmNumberCommand)
export class ConfirmNumberHandler implements ICommandHandler<
  ConfirmNumberCommand,
  CommandOutcome<ConnectedNumber>
> {
  private readonly verifiers: {
    otpCodes: OtpCodes;
    signatures: SignatureVerifier;
    biometrics: BiometricVerifier;
  };

  constructor(
    private readonly store: EventStreams,
    private readonly clock: Clock,
    otpCodes: OtpCodes,
    signatures: SignatureVerifier,
    biometrics: BiometricVerifier,
    private readonly metrics: UseCaseMetrics,
    private readonly known: KnownRequests,
  ) {
    this.verifiers = { otpCodes, signatures: countedBy(metrics, signatures), biometrics };
  }

  execute(command: ConfirmNumberCommand): Promise<CommandOutcome<ConnectedNumber>> {
    return measuredCommand('ConfirmNumber', this.metrics, {}, () => this.handle(command));
  }

  private async handle({
    input,
    context,
    commandId,
  }: ConfirmNumberCommand): Promise<CommandOutcome<ConnectedNumber>> {
    const invocation = { context, at: this.clock.now(), commandId };
    const requestStreamId = numberRequestStreamId(input.requestId);
    // The ids of the NumberConfirmed this command tried to append (EventStoreDB: see below).
    const tried = new Set<string>();
    const confirmation = await retryOnConflict<Confirmation>({
      store: this.store,
      attempt: () => this.attempt(input, invocation, tried),
      // The store went away: if the confirmation was stored after all (the answer to the commit was
      // lost, or on EventStoreDB a later stream failed), it stands, and what it connects follows
      // (the connection completer); a retry would only meet request_completed.
      recover: async () => {
        const stored = await this.store.readStream(requestStreamId).catch(() => []);
        const written = stored.find((event) => tried.has(event.eventId));
        if (written?.type === 'NumberConfirmed')
          return { outcome: connected(written.data as NumberConfirmed['data']) };
        return undefined;
      },
    });
    if ('outcome' in confirmation) return confirmation.outcome;
    return this.recorded(confirmation.decision);
  }

  /**
   * One read of the request and what it connects, one decision on it, and the appends that record it:
   * the request first, then the claim and the links (`decideConnection`).
   */
  private async attempt(
    input: ConfirmNumberCommand['input'],
    invocation: Invocation,
    tried: Set<string>,
  ): Promise<Attempt<Confirmation>> {
    const requestStreamId = numberRequestStreamId(input.requestId);
    // First as this process opened the request: the append at their revisions tells if any moved since.
    const opened = this.known.takeOpenedStreams(input.requestId);
    const streams = opened ? new Map(opened) : await this.readStreams(input.requestId);
    const requestEvents = streams.get(requestStreamId) ?? [];
    // EventStoreDB appends stream by stream: this command's confirmation may be written while a later
    // stream conflicted. It stands; what it connects is finished stream by stream.
    const written = requestEvents.find((event) => tried.has(event.eventId));
    if (written?.type === 'NumberConfirmed') {
      const data = written.data as NumberConfirmed['data'];
      await completeConnection(this.store, data, invocation.context, invocation.at).catch(() => undefined);
      return { answer: { outcome: connected(data) } };
    }
    const request = foldStream(numberRequestDecider, requestEvents);
    const stop = notOwnedBy(input.principal)(request.state);
    if (stop) return { answer: { outcome: { ok: false, refusal: stop } } };
    const facts: ConfirmNumber = {
      ...(await confirmationFacts(request.state, input, invocation.at, this.verifiers)),
      currentLink: this.currentLink(request.state, streams),
    };
    const decision = numberRequestDecider.decide(facts, request.state);
    if (decision.events.length === 0) {
      // No append checks remembered streams here: answer only if they still stand as remembered.
      if (opened && !(await this.stillStand(opened))) return this.attempt(input, invocation, tried);
      return { answer: { decision } };
    }

    const requestAppend = decidedAppend(invocation, requestStreamId, request.expected, decision.events);
    const index = decision.events.findIndex((event) => event.type === 'NumberConfirmed');
    const confirmed = decision.events[index];
    // The request first: on EventStoreDB its append is what decides between concurrent confirmations.
    const appends = [requestAppend];
    if (confirmed?.type === 'NumberConfirmed') {
      tried.add(requestAppend.events[index]!.eventId);
      appends.push(...(await this.connection(confirmed.data, streams, invocation.context, invocation.at)));
    }
    return { appendMany: appends, answer: { decision } };
  }

  /** The answer to a decision as recorded; Rules §9: each failed attempt is counted by its code. */
  private recorded(decision: Decision<NumberRequestEvent>): CommandOutcome<ConnectedNumber> {
    for (const event of decision.events)
      if (event.type === 'OtpConfirmationFailed')
        this.metrics.otpConfirmationFailures.inc({ code: event.data.code });
    if (!decision.ok) return { ok: false, refusal: decision.refusal };
    const confirmed = decision.events.find((event) => event.type === 'NumberConfirmed');
    if (confirmed?.type !== 'NumberConfirmed')
      throw new Error('an accepted confirmation confirms the number');
    return connected(confirmed.data);
  }

  /** Whether every stream is still at the revision remembered (one read). */
  private async stillStand(remembered: OpenedStreams): Promise<boolean> {
    const now = await this.store.readStreams([...remembered.keys()]);
    const lastRevision = (events: readonly StreamEvent[] | undefined) => events?.at(-1)?.revision;
    return [...remembered].every(([id, events]) => lastRevision(now.get(id)) === lastRevision(events));
  }

  /**
   * The request's stream, with the number's holder and the account's link when its parties are known
   * (one statement); otherwise the request first, then the other two.
   */
  private async readStreams(requestId: string): Promise<Map<string, readonly StreamEvent[]>> {
    const requestStreamId = numberRequestStreamId(requestId);
    const known = this.known.partiesOf(requestId);
    if (known) return this.store.readStreams([requestStreamId, ...connectionStreamIds(known)]);
    const streams = new Map<string, readonly StreamEvent[]>(await this.store.readStreams([requestStreamId]));
    const { state } = foldStream(numberRequestDecider, streams.get(requestStreamId) ?? []);
    if (state.status !== 'otp_sent') return streams;
    this.known.remember(requestId, state);
    for (const [id, events] of await this.store.readStreams(connectionStreamIds(state)))
      streams.set(id, events);
    return streams;
  }

  /** The appends that connect the confirmed number, reading the previous holder's link if it moves. */
  private async connection(
    confirmed: NumberConfirmed['data'],
    streams: Map<string, readonly StreamEvent[]>,
    context: CommandContext,
    at: Instant,
  ): Promise<readonly StreamAppend[]> {
    let decision = decideConnection(confirmed, streams, context, at);
    if ('read' in decision) {
      for (const [id, events] of await this.store.readStreams([decision.read])) streams.set(id, events);
      decision = decideConnection(confirmed, streams, context, at);
    }
    if ('read' in decision) throw new Error(`the connection still needs ${decision.read}`);
    return decision.appends;
  }

  /** The number connected to the account now: the decider refuses a connect that would replace it (Rules §8). */
  private currentLink(
    state: NumberRequestState,
    streams: ReadonlyMap<string, readonly StreamEvent[]>,
  ): Msisdn | null {
    if (state.status !== 'otp_sent') return null;
    const link = foldStream(numberLinkDecider, streams.get(numberLinkStreamId(state.iin)) ?? []);
    return link.state.current?.phone ?? null;
  }
}

/** The verifier, each of its answers counted by the algorithm it names and its outcome. */
function countedBy(metrics: UseCaseMetrics, verifier: SignatureVerifier): SignatureVerifier {
  return {
    async verify(input) {
      const check = await verifier.verify(input);
      metrics.edsVerifications.inc({
        algorithm: (check.status === 'valid' ? check.algorithm : undefined) ?? 'unknown',
        outcome: check.status === 'invalid' ? check.code : check.status,
      });
      return check;
    },
  };
}

/** What a confirmation answers: a decision it recorded, or an outcome it found without deciding. */
type Confirmation =
  { readonly decision: Decision<NumberRequestEvent> } | { readonly outcome: CommandOutcome<ConnectedNumber> };

function connected(data: NumberConfirmed['data']): CommandOutcome<ConnectedNumber> {
  const { iin, phone, channel, confirmedAt } = data;
  return succeeded({ status: 'connected', iin, phone, channel, connectedAt: confirmedAt });
}
