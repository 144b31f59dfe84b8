import fc from 'fast-check';
import { otpInSmsText, smsTextFor } from '../../src/application/sms-text';
import { LANGUAGES } from '../../src/domain/shared/language';

/** GSM 03.38: the basic character set (one septet each) and its extension table (two septets each). */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

/** How a text travels in one SMS: GSM-7 septets when it can, else UCS-2 code units. */
function segmentUse(text: string): { encoding: 'GSM-7' | 'UCS-2'; units: number; limit: number } {
  const chars = [...text];
  if (chars.every((c) => GSM7_BASIC.includes(c) || GSM7_EXTENSION.includes(c))) {
    const units = chars.reduce((sum, c) => sum + (GSM7_EXTENSION.includes(c) ? 2 : 1), 0);
    return { encoding: 'GSM-7', units, limit: 160 };
  }
  // UCS-2 has no surrogate pairs: every character must be in the Basic Multilingual Plane.
  expect(chars.every((c) => c.length === 1)).toBe(true);
  return { encoding: 'UCS-2', units: text.length, limit: 70 };
}

/** The longest values: six digits, and the longest TTL the configuration allows (86 400 s). */
const LONGEST = { code: '000000', minutes: 1440 };

describe('the SMS text (R15, SPEC §9)', () => {
  it.each(LANGUAGES)('fits one SMS segment in %s with the longest values', (language) => {
    const text = smsTextFor(LONGEST.code, LONGEST.minutes, language);
    const use = segmentUse(text);
    expect(use.units).toBeLessThanOrEqual(use.limit);
  });

  it('goes in GSM-7 in English and in UCS-2 in Kazakh and Russian', () => {
    expect(segmentUse(smsTextFor(LONGEST.code, LONGEST.minutes, 'en')).encoding).toBe('GSM-7');
    expect(segmentUse(smsTextFor(LONGEST.code, LONGEST.minutes, 'kk')).encoding).toBe('UCS-2');
    expect(segmentUse(smsTextFor(LONGEST.code, LONGEST.minutes, 'ru')).encoding).toBe('UCS-2');
  });

  it('names the service and warns not to pass the code on, in each language', () => {
    expect(smsTextFor('042917', 5, 'kk')).toBe(
      'eGov: бір реттік пароль 042917, 5 мин жарамды. Ешкімге айтпаңыз!',
    );
    expect(smsTextFor('042917', 5, 'ru')).toBe(
      'eGov: одноразовый пароль 042917 на 5 мин. Никому не сообщайте!',
    );
    expect(smsTextFor('042917', 5, 'en')).toBe(
      'eGov: your one-time password to confirm your number is 042917, valid for 5 minutes. Never share it with anyone.',
    );
  });

  it('says "1 minute" in English for a one-minute code', () => {
    expect(smsTextFor('042917', 1, 'en')).toContain('valid for 1 minute.');
  });

  it('gives back the code it carries in every language, leading zeros included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 1, max: 1440 }),
        fc.constantFrom(...LANGUAGES),
        (n, minutes, language) => {
          const code = String(n).padStart(6, '0');
          expect(otpInSmsText(smsTextFor(code, minutes, language))).toBe(code);
        },
      ),
    );
  });

  it('finds no code in a text that carries none', () => {
    expect(otpInSmsText('numlink: hello')).toBeUndefined();
  });
});
