/**
 * The languages numlink speaks to a citizen (SPEC §9): Kazakh, the state language; Russian, in official
 * use; and English.
 */
export const LANGUAGES = ['kk', 'ru', 'en'] as const;

export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
