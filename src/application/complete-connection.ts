import type { NumberConfirmed } from '../domain/number-request/events';
import { numberLinkDecider } from '../domain/number-link/decider';
import type { NumberLinkState } from '../domain/number-link/state';
import { numberLinkStreamId } from '../domain/number-link/decider';
import { phoneHolderDecider } from '../domain/phone-holder/decider';
import type { NumberClaimed } from '../domain/phone-holder/events';
import { phoneHolderStreamId } from '../domain/phone-holder/decider';
import type { DomainEvent } from '../domain/shared/domain-event';
import type { Iin } from '../domain/shared/iin';
import type { Instant } from '../domain/shared/instant';
import { reactionTo, type CommandContext } from './command-context';
import { decideAndAppend, decidedAppend, type Loaded } from './decider';
import type { Clock } from './ports/clock';
import type { EventStreams, ExpectedRevision, RecordedEvent, StreamAppend } from './ports/event-store';
import { foldStream, type StreamEvent } from './streams';
import { SYSTEM_ACTOR } from './system-actor';
import { tracedReaction } from './tracing';

/**
 * What follows a proven possession (Rules §5-8, SPEC R11): the number's holder becomes this citizen,
 * the account gets the number, and the account that held it before is released with the reason.
 *
 * A confirmation decides all of it with the request (`decideConnection`) and appends it in the same
 * transaction. What a confirmation left unfinished (recorded before that, or on EventStoreDB, which
 * appends stream by stream) the connection completer finishes (`completeConnection`), one stream after
 * another. Both derive the event ids from the request and the revision decided on, so a finish after a
 * crash (or twice at once) completes, never repeats.
 */
export const connectionCommandId = (requestId: string): string => `complete:${requestId}`;

/** The streams a connection decides on: the number's holder, and the confirming account's link. */
export function connectionStreamIds(confirmed: { iin: Iin; phone: NumberConfirmed['data']['phone'] }) {
  return [phoneHolderStreamId(confirmed.phone), numberLinkStreamId(confirmed.iin)];
}

export type ConnectionDecision =
  | { readonly appends: readonly StreamAppend[] }
  /** The number moves from another account: its link must be read before deciding. */
  | { readonly read: string };

/**
 * The appends that complete a confirmation, decided on `streams` as read (the holder's and the
 * account's link, and the previous holder's link when the number moves). Nothing to append when a newer
 * proof of possession already holds the number, or when everything was done already.
 */
export function decideConnection(
  confirmed: NumberConfirmed['data'],
  streams: ReadonlyMap<string, readonly StreamEvent[]>,
  context: CommandContext,
  at: Instant,
): ConnectionDecision {
  const { requestId, iin, phone, channel, confirmedAt } = confirmed;
  const appends: StreamAppend[] = [];
  const invocation = { context, at, commandId: connectionCommandId(requestId) };
  const decided = (streamId: string, expected: ExpectedRevision, events: readonly DomainEvent[]) => {
    if (events.length > 0) appends.push(decidedAppend(invocation, streamId, expected, events));
  };

  const holderId = phoneHolderStreamId(phone);
  const holder = foldStream(phoneHolderDecider, streams.get(holderId) ?? []);
  const claim = phoneHolderDecider.decide(
    { type: 'ClaimNumber', phone, iin, requestId, at: confirmedAt },
    holder.state,
  );
  // A newer proof of possession by someone else already holds the number: this one connects nothing.
  if (!claim.ok) return { appends: [] };
  const previousIin = claim.events[0]?.data.previousIin;
  let previous: Loaded<NumberLinkState> | undefined;
  if (previousIin !== undefined && previousIin !== iin) {
    const events = streams.get(numberLinkStreamId(previousIin));
    if (!events) return { read: numberLinkStreamId(previousIin) };
    previous = foldStream(numberLinkDecider, events);
  }

  const linkId = numberLinkStreamId(iin);
  const link = foldStream(numberLinkDecider, streams.get(linkId) ?? []);
  const connect = numberLinkDecider.decide(
    { type: 'ConnectNumber', iin, phone, requestId, channel, at: confirmedAt },
    link.state,
  );
  decided(holderId, holder.expected, claim.events);
  decided(linkId, link.expected, connect.events);
  if (previousIin !== undefined && previous) {
    const release = numberLinkDecider.decide(
      {
        type: 'ReleaseNumber',
        iin: previousIin,
        phone,
        reason: 'number_moved_to_another_account',
        byRequestId: requestId,
        holder: iin,
        at: confirmedAt,
      },
      previous.state,
    );
    decided(numberLinkStreamId(previousIin), previous.expected, release.events);
  }
  return { appends };
}

export type ConnectionOutcome = 'connected' | 'superseded';

/**
 * Finishes a connection stream by stream: each step is a decision on its own stream, records nothing
 * when it was done already, and is decided again on a conflict.
 */
export async function completeConnection(
  store: EventStreams,
  confirmed: NumberConfirmed['data'],
  context: CommandContext,
  at: Instant,
): Promise<ConnectionOutcome> {
  const { requestId, iin, phone, channel, confirmedAt } = confirmed;
  const commandId = connectionCommandId(requestId);

  const claim = await decideAndAppend({
    store,
    streamId: phoneHolderStreamId(phone),
    decider: phoneHolderDecider,
    command: () => ({ type: 'ClaimNumber' as const, phone, iin, requestId, at: confirmedAt }),
    context,
    at,
    commandId,
  });
  // A newer proof of possession by someone else already holds the number: this one connects nothing.
  if (!claim.decision.ok) return 'superseded';

  await decideAndAppend({
    store,
    streamId: numberLinkStreamId(iin),
    decider: numberLinkDecider,
    command: () => ({ type: 'ConnectNumber' as const, iin, phone, requestId, channel, at: confirmedAt }),
    context,
    at,
    commandId,
  });

  // The claim of this request (recorded now or by an earlier run) names the account that held the number.
  const claims = (await store.readStream(phoneHolderStreamId(phone))).map(
    (e) => e.data as NumberClaimed['data'],
  );
  const latest = claims[claims.length - 1];
  const holder = latest?.iin ?? null;
  const previousIin = claims.find((c) => c.requestId === requestId)?.previousIin;
  const release = (from: Iin, by: { requestId: string; at: Instant }) =>
    decideAndAppend({
      store,
      streamId: numberLinkStreamId(from),
      decider: numberLinkDecider,
      command: () => ({
        type: 'ReleaseNumber' as const,
        iin: from,
        phone,
        reason: 'number_moved_to_another_account' as const,
        byRequestId: by.requestId,
        holder,
        at: by.at,
      }),
      context,
      at,
      commandId,
    });
  if (previousIin && previousIin !== iin) await release(previousIin, { requestId, at: confirmedAt });
  // SPEC R11: a later claim took the number while this account was being connected; that claim's own
  // release may have looked before this connection was made, so this account lets the number go itself.
  if (latest && holder !== iin) await release(iin, latest);
  return 'connected';
}

/**
 * `NumberConfirmed`, and the events a confirmation commits with it (the number's claim, the accounts'
 * links): seeing them in the same commit tells the completer there is nothing left to finish.
 */
export const CONNECTION_EVENT_TYPES = [
  'NumberConfirmed',
  'NumberClaimed',
  'NumberConnected',
  'NumberChanged',
  'NumberReleased',
] as const;

const PARALLEL_LANES = 8;

/**
 * Follows `NumberConfirmed` in the global order and finishes each connection that was not committed
 * with it: its connection events share the `NumberConfirmed`'s commit when the confirmation decided
 * them together (PostgreSQL, PGlite), and then there is nothing to do, nor to read. What is left:
 * confirmations recorded before that, a connection decided as nothing to write, or EventStoreDB, where
 * a crash may fall between the streams' appends (no event without its effects).
 */
export class ConnectionCompleter {
  constructor(
    private readonly store: EventStreams,
    private readonly clock: Clock,
  ) {}

  /**
   * One number's confirmations are completed in their order; different numbers side by side (their
   * streams are disjoint but for the accounts, whose appends are decided on fresh state anyway).
   */
  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const completedCommits = new Set<bigint>();
    for (const event of events)
      if (event.type !== 'NumberConfirmed') completedCommits.add(event.position.commit);
    const byPhone = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      if (event.type !== 'NumberConfirmed' || completedCommits.has(event.position.commit)) continue;
      const phone = (event.data as NumberConfirmed['data']).phone;
      byPhone.set(phone, [...(byPhone.get(phone) ?? []), event]);
    }
    const lanes = [...byPhone.values()];
    const worker = async () => {
      for (let lane = lanes.shift(); lane; lane = lanes.shift()) {
        for (const event of lane) {
          await tracedReaction(
            'reaction.CompleteConnection',
            event.metadata,
            { 'numlink.event_id': event.eventId },
            () =>
              completeConnection(
                this.store,
                event.data as NumberConfirmed['data'],
                reactionTo(event, SYSTEM_ACTOR),
                this.clock.now(),
              ),
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_LANES, lanes.length) }, worker));
  }
}
