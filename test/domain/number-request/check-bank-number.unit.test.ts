import { checkBankNumber } from '../../../src/domain/number-request/decide';
import { newPhone, phone } from './number-request-fixtures';

describe("a bank's check of the number it holds (Rules §7)", () => {
  it('is a match when the bank holds the number connected to the account', () =>
    expect(checkBankNumber(phone, phone)).toBe('match'));

  it('needs verification when the account has no number', () =>
    expect(checkBankNumber(null, phone)).toBe('verification_required'));

  it('needs verification when the account has another number', () =>
    expect(checkBankNumber(newPhone, phone)).toBe('verification_required'));
});
