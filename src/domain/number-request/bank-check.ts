import type { Msisdn } from '../shared/msisdn';

export type BankCheckResult = 'match' | 'verification_required';

/**
 * Rules §7: the bank's number equal to the one connected to the account is a match and nothing changes;
 * no number, or another one, needs a request confirmed with OTP and biometrics.
 */
export function checkBankNumber(connected: Msisdn | null, bankPhone: Msisdn): BankCheckResult {
  return connected === bankPhone ? 'match' : 'verification_required';
}
