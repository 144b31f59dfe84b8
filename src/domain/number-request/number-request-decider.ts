import { decideNumberRequest } from './decide-number-request';
import { evolveNumberRequest } from './evolve-number-request';
import { initialNumberRequestState } from './number-request-state';

/** The number-request decider as one value: fold the stream with `evolve`, then `decide`. */
export const numberRequestDecider = {
  initialState: initialNumberRequestState,
  decide: decideNumberRequest,
  evolve: evolveNumberRequest,
} as const;
