import { decidePhoneHolder } from './decide-phone-holder';
import { evolvePhoneHolder } from './evolve-phone-holder';
import { initialPhoneHolderState } from './phone-holder-state';

export const phoneHolderDecider = {
  initialState: initialPhoneHolderState,
  decide: decidePhoneHolder,
  evolve: evolvePhoneHolder,
} as const;
