import fc from 'fast-check';
import { otpInSmsText, smsTextFor } from '../../src/application/sms-text';

describe('the SMS text (R15)', () => {
  it('carries the code and how long it is valid', () => {
    expect(smsTextFor('042917', 5)).toBe(
      'numlink: your code is 042917. It is valid for 5 minutes. Do not tell it to anyone.',
    );
  });

  it('says "1 minute" for a one-minute code', () => {
    expect(smsTextFor('042917', 1)).toContain('valid for 1 minute.');
  });

  it('gives back the code it carries, leading zeros included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1, max: 10 }), (n, minutes) => {
        const code = String(n).padStart(6, '0');
        expect(otpInSmsText(smsTextFor(code, minutes))).toBe(code);
      }),
    );
  });

  it('finds no code in a text that carries none', () => {
    expect(otpInSmsText('numlink: hello')).toBeUndefined();
  });
});
