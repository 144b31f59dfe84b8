import type { NumberConfirmed } from '../../domain/number-request/events';
import { numberLinkDecider } from '../../domain/number-link/decider';
import { numberLinkStreamId } from '../../domain/number-link/decider';
import { phoneHolderDecider } from '../../domain/phone-holder/decider';
import type { NumberClaimed } from '../../domain/phone-holder/events';
import { phoneHolderStreamId } from '../../domain/phone-holder/decider';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import { decideAndAppend } from '../decider';
import type { EventStore } from '../ports/event-store';

export type ConnectionOutcome = 'connected' | 'superseded';

/**
 * What follows a proven possession (Rules §5-8, SPEC R11): the number's holder becomes this citizen,
 * the account gets the number, and the account that held it before is released with the reason. Each
 * step is a decision on its own stream; every step records nothing when it was done already, and the
 * event ids derive from the request, so a run after a crash (or twice at once) completes, never repeats.
 */
export async function completeConnection(
  store: EventStore,
  confirmed: NumberConfirmed['data'],
  context: CommandContext,
  at: Instant,
): Promise<ConnectionOutcome> {
  const { requestId, iin, phone, channel, confirmedAt } = confirmed;
  const commandId = `complete:${requestId}`;

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
