import type { PhoneHolderEvent } from './phone-holder-events';
import type { PhoneHolderState } from './phone-holder-state';

export function evolvePhoneHolder(state: PhoneHolderState, event: PhoneHolderEvent): PhoneHolderState {
  const { phone, iin, requestId, at } = event.data;
  return {
    phone,
    holder: { iin, requestId, claimedAt: at },
    claimRequestIds: [...state.claimRequestIds, requestId],
  };
}
