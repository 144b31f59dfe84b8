import { negotiateLanguage } from '../../../src/infrastructure/http/accept-language';

describe('negotiating the language of an answer (SPEC §9, RFC 9110 Accept-Language)', () => {
  it('takes the language of highest quality', () => {
    expect(negotiateLanguage('kk-KZ;q=0.9, ru;q=0.8', 'en')).toBe('kk');
    expect(negotiateLanguage('ru;q=0.5, en;q=0.7, kk;q=0.6', 'kk')).toBe('en');
  });

  it('counts a regional tag as its language', () => {
    expect(negotiateLanguage('ru-KZ', 'en')).toBe('ru');
    expect(negotiateLanguage('EN-us', 'ru')).toBe('en');
    expect(negotiateLanguage('kk-Cyrl-KZ', 'ru')).toBe('kk');
  });

  it('keeps the order of the header between equal qualities', () => {
    expect(negotiateLanguage('en, ru', 'kk')).toBe('en');
    expect(negotiateLanguage('ru;q=0.8, kk;q=0.8', 'en')).toBe('ru');
  });

  it('passes over languages it does not speak', () => {
    expect(negotiateLanguage('de-DE, fr;q=0.9, kk;q=0.1', 'ru')).toBe('kk');
  });

  it('answers the default when the header is absent, empty, unknown or a wildcard', () => {
    expect(negotiateLanguage(undefined, 'ru')).toBe('ru');
    expect(negotiateLanguage('', 'kk')).toBe('kk');
    expect(negotiateLanguage('de, fr', 'ru')).toBe('ru');
    expect(negotiateLanguage('*', 'kk')).toBe('kk');
  });

  it('never answers a language refused with q=0', () => {
    expect(negotiateLanguage('kk;q=0, en;q=0.1', 'ru')).toBe('en');
    expect(negotiateLanguage('kk;q=0', 'ru')).toBe('ru');
  });

  it('reads a header sent twice', () => {
    expect(negotiateLanguage(['de', 'kk;q=0.4'], 'ru')).toBe('kk');
  });

  it('reads no further than the first 32 ranges (a hostile header costs little)', () => {
    expect(negotiateLanguage(`${'xx;q=0.1,'.repeat(31)}kk`, 'ru')).toBe('kk');
    expect(negotiateLanguage(`${'xx;q=0.1,'.repeat(200_000)}kk`, 'ru')).toBe('ru');
  });
});
