import type { Decider } from '../shared/decider';
import type { Iin } from '../shared/iin';
import type { NumberLinkCommand } from './commands';
import { decideNumberLink } from './decide';
import type { NumberLinkEvent } from './events';
import { evolveNumberLink, initialNumberLinkState, type NumberLinkState } from './state';

/** The account's connected number as one decider value. */
export const numberLinkDecider: Decider<NumberLinkCommand, NumberLinkState, NumberLinkEvent> = {
  initialState: initialNumberLinkState,
  decide: decideNumberLink,
  evolve: evolveNumberLink,
};

/** One stream per account. */
export const numberLinkStreamId = (iin: Iin): string => `number-link-${iin}`;
