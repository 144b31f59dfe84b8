import type { Language } from '../domain/shared/language';
import { parseTemplate, renderParts, type Part } from './messages/message-template';

/**
 * SPEC R15 and §9: the SMS is the one place the code appears in clear, in the citizen's language. Each
 * text names the service (the e-government portal sends the code, Rules §5) and warns not to pass the
 * code on, and fits one SMS segment: 70 UCS-2 characters in Kazakh and Russian, 160 GSM-7 in English
 * (a test checks it with the longest values: six digits and 1440 minutes).
 */
const TEMPLATES: Readonly<Record<Language, string>> = {
  kk: 'eGov: бір реттік пароль {code}, {minutes} мин жарамды. Ешкімге айтпаңыз!',
  ru: 'eGov: одноразовый пароль {code} на {minutes} мин. Никому не сообщайте!',
  en:
    'eGov: your one-time password to confirm your number is {code}, valid for' +
    ' {minutes, plural, one {# minute} other {# minutes}}. Never share it with anyone.',
};

const PARSED = Object.fromEntries(
  Object.entries(TEMPLATES).map(([language, template]) => [language, parseTemplate(template)]),
) as Readonly<Record<Language, readonly Part[]>>;

export function smsTextFor(code: string, ttlMinutes: number, language: Language): string {
  return renderParts(PARSED[language], language, { code, minutes: ttlMinutes });
}

/** The code in a text made by `smsTextFor` (tests and the benchmark read it back), or undefined. */
export function otpInSmsText(text: string): string | undefined {
  return /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1];
}
