import { accept, refuse, type Decision } from '../shared/refusal';
import type { ConnectNumber, NumberLinkCommand, ReleaseNumber } from './commands';
import type { NumberLinkEvent } from './events';
import type { NumberLinkState } from './state';

/**
 * The account's connected number. Both commands are safe to retry: a request already applied, or a
 * number no longer there, records nothing.
 */
export function decideNumberLink(
  command: NumberLinkCommand,
  state: NumberLinkState,
): Decision<NumberLinkEvent> {
  if (state.iin !== null && state.iin !== command.iin) return refuse('wrong_account');
  switch (command.type) {
    case 'ConnectNumber':
      return connectNumber(command, state);
    case 'ReleaseNumber':
      return releaseNumber(command, state);
  }
}

/** Rules §5-8: the confirmed number becomes the account's; a bank's or a changed number replaces the old. */
function connectNumber(command: ConnectNumber, state: NumberLinkState): Decision<NumberLinkEvent> {
  if (state.history.some((entry) => entry.requestId === command.requestId)) return accept();
  if (state.current?.phone === command.phone) return accept();
  // A confirmation older than the connected number's (finished late, after a crash) does not replace it.
  if (state.current !== null && command.at < state.current.connectedAt) return accept();
  const { iin, phone, requestId, channel, at } = command;
  if (state.current === null)
    return accept({ type: 'NumberConnected', data: { iin, phone, requestId, channel, at } });
  return accept({
    type: 'NumberChanged',
    data: { iin, from: state.current.phone, to: phone, requestId, channel, at },
  });
}

/** SPEC R11: the number moved to another account; release it here unless it is no longer here or came back. */
function releaseNumber(command: ReleaseNumber, state: NumberLinkState): Decision<NumberLinkEvent> {
  if (state.current?.phone !== command.phone || command.holder === command.iin) return accept();
  const { iin, phone, reason, byRequestId, at } = command;
  return accept({ type: 'NumberReleased', data: { iin, phone, reason, byRequestId, at } });
}
