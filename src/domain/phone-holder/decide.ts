import { accept, refuse, type Decision } from '../shared/refusal';
import type { PhoneHolderCommand } from './commands';
import type { PhoneHolderEvent } from './events';
import type { PhoneHolderState } from './state';

/**
 * SPEC R11: a number is connected to at most one account; the citizen who proves possession last
 * takes it. A retried claim, or a claim by the account that already holds the number, records nothing;
 * a claim older than the holder's is refused (`claim_superseded`), and the number is not connected.
 */
export function decidePhoneHolder(
  command: PhoneHolderCommand,
  state: PhoneHolderState,
): Decision<PhoneHolderEvent> {
  if (state.phone !== null && state.phone !== command.phone) return refuse('wrong_number');
  if (state.claimRequestIds.includes(command.requestId)) return accept();
  if (state.holder?.iin === command.iin) return accept();
  // The last proof of possession wins; an older one finished late (after a crash) does not take it back.
  if (state.holder !== null && command.at < state.holder.claimedAt) return refuse('claim_superseded');
  const { phone, iin, requestId, at } = command;
  const previous = state.holder === null ? {} : { previousIin: state.holder.iin };
  return accept({ type: 'NumberClaimed', data: { phone, iin, requestId, ...previous, at } });
}
