import type { Decider } from '../shared/decider';
import type { Msisdn } from '../shared/msisdn';
import type { PhoneHolderCommand } from './commands';
import { decidePhoneHolder } from './decide';
import type { PhoneHolderEvent } from './events';
import { evolvePhoneHolder, initialPhoneHolderState, type PhoneHolderState } from './state';

/** Who may hold a subscriber number (SPEC R11) as one decider value. */
export const phoneHolderDecider: Decider<PhoneHolderCommand, PhoneHolderState, PhoneHolderEvent> = {
  initialState: initialPhoneHolderState,
  decide: decidePhoneHolder,
  evolve: evolvePhoneHolder,
};

/** One stream per subscriber number: appending with its expected revision serialises claims (SPEC R11). */
export const phoneHolderStreamId = (phone: Msisdn): string => `phone-holder-${phone}`;
