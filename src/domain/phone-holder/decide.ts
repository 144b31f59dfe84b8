import { accept, refuse, type Decision } from '../shared/refusal';
import type { PhoneHolderCommand } from './commands';
import type { PhoneHolderEvent } from './events';
import type { PhoneHolderState } from './state';

/**
 * SPEC R11: a number is connected to at most one account; the citizen who proves possession last
 * takes it. A claim older than the holder's is refused (`claim_superseded`), and the number is not
 * connected. A retried claim records nothing, nor does a claim of the holder's account older than its
 * own; a newer one of the holder's account records its time, so that an older claim of another account,
 * finished late, cannot take the number back.
 */
export function decidePhoneHolder(
  command: PhoneHolderCommand,
  state: PhoneHolderState,
): Decision<PhoneHolderEvent> {
  if (state.phone !== null && state.phone !== command.phone) return refuse('wrong_number');
  const { phone, iin, requestId, at } = command;
  const holdsIt = state.holder?.iin === iin;
  // A retry finishes what its first run began (the release of the account that held the number before).
  if (state.claimRequestIds.includes(requestId)) return accept();
  if (holdsIt)
    return at > state.holder!.claimedAt
      ? accept({ type: 'NumberClaimed', data: { phone, iin, requestId, at } })
      : accept();
  // The last proof of possession wins; an older one finished late (after a crash) does not take it back.
  if (state.holder !== null && at < state.holder.claimedAt) return refuse('claim_superseded');
  const previous = state.holder === null ? {} : { previousIin: state.holder.iin };
  return accept({ type: 'NumberClaimed', data: { phone, iin, requestId, ...previous, at } });
}
