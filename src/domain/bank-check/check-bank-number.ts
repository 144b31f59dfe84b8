import { checkBankNumber } from '../number-request/bank-check';
import type { Consent } from '../number-request/number-request-commands';
import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';
import { accept, refuse, type Decision } from '../shared/refusal';
import type { BankCheckEvent } from './bank-check-events';

export interface CheckBankNumber {
  readonly type: 'CheckBankNumber';
  readonly checkId: string;
  readonly iin: Iin;
  readonly phone: Msisdn;
  readonly bankId: string;
  readonly principal: string;
  readonly consent: Consent | undefined;
  /** The number connected to the account now, or `null`. */
  readonly currentLink: Msisdn | null;
  readonly at: Instant;
}

/**
 * Rules §7 with Annex 9.2: with the citizen's consent, a bank's number equal to the connected one is a
 * match, recorded with the consent. Any other answer (`verification_required`) records nothing here:
 * the bank's number then goes through a request of its own, with OTP and biometrics.
 */
export function decideBankCheck(command: CheckBankNumber): {
  readonly result: 'match' | 'verification_required';
  readonly decision: Decision<BankCheckEvent>;
} {
  const { checkId, iin, phone, bankId, principal, at } = command;
  if (!command.consent?.given)
    return { result: 'verification_required', decision: refuse('consent_missing') };
  if (checkBankNumber(command.currentLink, phone) === 'verification_required') {
    return { result: 'verification_required', decision: accept() };
  }
  return {
    result: 'match',
    decision: accept<BankCheckEvent>(
      {
        type: 'ConsentRecorded',
        data: {
          requestId: checkId,
          iin,
          textVersion: command.consent.textVersion,
          channel: 'bank',
          principal,
          at,
        },
      },
      { type: 'BankNumberMatched', data: { checkId, iin, phone, bankId, principal, at } },
    ),
  };
}
