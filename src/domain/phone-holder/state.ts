import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';
import type { PhoneHolderEvent } from './events';

/**
 * The account that last proved possession of the number. It may since have changed to another number;
 * the number-link stream says what is connected, this one only who may hold the number (SPEC R11).
 */
export interface PhoneHolder {
  readonly iin: Iin;
  readonly requestId: string;
  readonly claimedAt: Instant;
}

export interface PhoneHolderState {
  readonly phone: Msisdn | null;
  readonly holder: PhoneHolder | null;
  /** Every request that claimed the number, so that a retried claim records nothing. */
  readonly claimRequestIds: readonly string[];
}

export const initialPhoneHolderState: PhoneHolderState = { phone: null, holder: null, claimRequestIds: [] };

export function evolvePhoneHolder(state: PhoneHolderState, event: PhoneHolderEvent): PhoneHolderState {
  const { phone, iin, requestId, at } = event.data;
  return {
    phone,
    holder: { iin, requestId, claimedAt: at },
    claimRequestIds: [...state.claimRequestIds, requestId],
  };
}
