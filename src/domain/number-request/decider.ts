import type { Decider } from '../shared/decider';
import type { NumberRequestCommand } from './commands';
import { decideNumberRequest } from './decide';
import type { NumberRequestEvent } from './events';
import { evolveNumberRequest, initialNumberRequestState, type NumberRequestState } from './state';

/** The number-request decider as one value: fold the stream with `evolve`, then `decide`. */
export const numberRequestDecider: Decider<NumberRequestCommand, NumberRequestState, NumberRequestEvent> = {
  initialState: initialNumberRequestState,
  decide: decideNumberRequest,
  evolve: evolveNumberRequest,
};

/** One stream per request. */
export const numberRequestStreamId = (requestId: string): string => `number-request-${requestId}`;

/** One stream per bank check (Rules §7): the consent and the match it recorded. */
export const bankCheckStreamId = (checkId: string): string => `bank-check-${checkId}`;
