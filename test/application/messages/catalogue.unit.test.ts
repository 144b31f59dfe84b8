import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CATALOGUE } from '../../../src/application/messages/catalogue';
import {
  parseTemplate,
  placeholderNames,
  pluralBranches,
} from '../../../src/application/messages/message-template';
import { LANGUAGES, MESSAGE_CODES, message } from '../../../src/application/messages/messages';
import { COMPLAINT_REFUSAL_CODES } from '../../../src/domain/complaint/decide';
import { NUMBER_REQUEST_REFUSAL_REASONS } from '../../../src/domain/number-request/decide';
import { CODES_WITH_STATUS } from '../../../src/infrastructure/http/refusal-status';

const SRC = path.join(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/**
 * Every code the API can answer, read from the source: the literal codes of `ApiError`s and refusals,
 * and the members of the exported refusal-code unions. The phone-holder and number-link deciders'
 * refusals are internal (the confirmation answers `number_already_connected` for them), so left out.
 */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  const internal = [path.join(SRC, 'domain/phone-holder'), path.join(SRC, 'domain/number-link')];
  const patterns = [
    /new ApiError\(\s*\d+,\s*'([a-z_]+)'/g,
    /\brefuse(?:With|d)?(?:<\w+>)?\(\s*'([a-z_]+)'/g,
    /\bcode: '([a-z_]+)'/g,
  ];
  for (const file of sourceFiles(SRC)) {
    if (internal.some((dir) => file.startsWith(dir))) continue;
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) codes.add(match[1]!);
    for (const union of text.matchAll(/export type \w*(?:RefusalCode|FailureCode|IinError)\s*=([^;]+);/g)) {
      for (const member of union[1]!.matchAll(/'([a-z_]+)'/g)) codes.add(member[1]!);
    }
  }
  return codes;
}

const API_CODES = [
  ...new Set([
    ...codesInSource(),
    ...CODES_WITH_STATUS,
    ...Object.keys(NUMBER_REQUEST_REFUSAL_REASONS),
    ...COMPLAINT_REFUSAL_CODES,
  ]),
].sort();

describe('the message catalogue (Annex 5, SPEC §9)', () => {
  it('finds the codes it must cover in the source (the scan itself works)', () => {
    expect(API_CODES).toEqual(
      expect.arrayContaining([
        'not_an_individual',
        'certificate_untrusted',
        'idempotency_key_in_flight',
        'identity_registry_unavailable',
        'calendar_not_covered',
        'court_appeal_premature',
      ]),
    );
  });

  it.each(API_CODES)('has a message for %s', (code) => {
    expect(MESSAGE_CODES).toContain(code);
  });

  it.each(Object.keys(CATALOGUE))('has %s in Kazakh, Russian and English, each parseable', (code) => {
    for (const language of LANGUAGES) {
      const text = CATALOGUE[code]![language];
      expect(typeof text).toBe('string');
      expect(text.trim()).not.toBe('');
      expect(() => parseTemplate(text)).not.toThrow();
    }
  });

  it.each(Object.keys(CATALOGUE))('uses the same placeholders in every language for %s', (code) => {
    const [first, ...others] = LANGUAGES.map((language) => [
      ...placeholderNames(parseTemplate(CATALOGUE[code]![language])),
    ]);
    for (const names of others) expect(names.sort()).toEqual([...first!].sort());
  });

  it('writes Kazakh and Russian in Cyrillic, with Kazakh letters in Kazakh', () => {
    for (const code of Object.keys(CATALOGUE)) {
      expect(CATALOGUE[code]!.ru).toMatch(/[а-яё]/i);
      expect(CATALOGUE[code]!.kk).toMatch(/[а-яәғқңөұүһі]/i);
      expect(CATALOGUE[code]!.ru).not.toMatch(/[әғқңөұүһі]/i);
    }
    const kazakhLetters = Object.values(CATALOGUE).filter((entry) => /[әғқңөұүһі]/i.test(entry.kk)).length;
    expect(kazakhLetters).toBeGreaterThan(Object.keys(CATALOGUE).length * 0.8);
  });

  it("gives every plural each form the language's plural rules have (Intl.PluralRules)", () => {
    for (const [code, entry] of Object.entries(CATALOGUE)) {
      for (const language of LANGUAGES) {
        const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
        for (const plural of pluralBranches(parseTemplate(entry[language]))) {
          expect({ code, language, missing: needed.filter((c) => !plural.selectors.includes(c)) }).toEqual({
            code,
            language,
            missing: [],
          });
        }
      }
    }
  });
});

describe('message(code, language, params)', () => {
  it('fills the attempts left with the Russian plural forms (one, few, many)', () => {
    expect(message('otp_invalid', 'ru', { attemptsLeft: 1 })).toBe(
      'Одноразовый пароль введен неверно. Осталась 1 попытка.',
    );
    expect(message('otp_invalid', 'ru', { attemptsLeft: 3 })).toContain('Осталось 3 попытки.');
    expect(message('otp_invalid', 'ru', { attemptsLeft: 5 })).toContain('Осталось 5 попыток.');
    expect(message('otp_invalid', 'ru', { attemptsLeft: 21 })).toContain('Осталась 21 попытка.');
    expect(message('otp_invalid', 'ru', { attemptsLeft: 0 })).toContain('Попыток больше не осталось.');
  });

  it('fills the attempts left in Kazakh and English', () => {
    expect(message('otp_invalid', 'kk', { attemptsLeft: 4 })).toBe(
      'Бір реттік пароль қате енгізілді. 4 әрекет қалды.',
    );
    expect(message('otp_invalid', 'en', { attemptsLeft: 1 })).toBe(
      'The one-time password is wrong. 1 attempt is left.',
    );
    expect(message('otp_invalid', 'en', { attemptsLeft: 2 })).toContain('2 attempts are left.');
  });

  it('fills the seconds to wait', () => {
    expect(message('resend_too_soon', 'ru', { retryAfterSeconds: 41 })).toBe(
      'Новый одноразовый пароль можно запросить через 41 секунду.',
    );
    expect(message('resend_too_soon', 'ru', { retryAfterSeconds: 44 })).toContain('через 44 секунды.');
    expect(message('resend_too_soon', 'ru', { retryAfterSeconds: 45 })).toContain('через 45 секунд.');
    expect(message('resend_too_soon', 'kk', { retryAfterSeconds: 45 })).toBe(
      'Жаңа бір реттік парольді 45 секундтан кейін сұратуға болады.',
    );
    expect(message('resend_too_soon', 'en', { retryAfterSeconds: 1 })).toContain('in 1 second.');
  });

  it('fills a date as an Almaty calendar date in the language', () => {
    const notBefore = '2026-03-20T20:30:00Z'; // 21 March in Almaty (UTC+5)
    expect(message('invalid_chronology', 'ru', { notBefore })).toContain(
      'Оно не может быть ранее 21 марта 2026 г.',
    );
    expect(message('invalid_chronology', 'en', { notBefore })).toContain(
      'not be earlier than March 21, 2026.',
    );
    expect(message('invalid_chronology', 'kk', { notBefore })).toContain('21 наурыз');
  });

  it('leaves out a clause whose value is absent, and answers undefined for an unknown code', () => {
    expect(message('otp_invalid', 'ru')).toBe('Одноразовый пароль введен неверно.');
    expect(message('invalid_chronology', 'en', {})).toBe(
      'The time given lies before the complaint reached this body.',
    );
    expect(message('no_such_code', 'kk')).toBeUndefined();
  });
});
