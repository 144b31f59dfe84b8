import { decideNumberLink } from './decide-number-link';
import { evolveNumberLink } from './evolve-number-link';
import { initialNumberLinkState } from './number-link-state';

export const numberLinkDecider = {
  initialState: initialNumberLinkState,
  decide: decideNumberLink,
  evolve: evolveNumberLink,
} as const;
