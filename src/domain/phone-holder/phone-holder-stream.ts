import type { Msisdn } from '../shared/msisdn';

/** One stream per subscriber number: appending with its expected revision serialises claims (SPEC R11). */
export const phoneHolderStreamId = (phone: Msisdn): string => `phone-holder-${phone}`;
