import { LANGUAGES, type Language } from '../../domain/shared/language';
import { CATALOGUE } from './catalogue';
import { parseTemplate, renderParts, type MessageParams, type Part } from './message-template';

export type { Language } from '../../domain/shared/language';
export { LANGUAGES } from '../../domain/shared/language';
export type { MessageParams } from './message-template';

/** Every template parsed once, at load: a malformed text fails at start, not in front of a citizen. */
const PARSED: ReadonlyMap<string, Readonly<Record<Language, readonly Part[]>>> = new Map(
  Object.entries(CATALOGUE).map(([code, entry]) => [
    code,
    Object.fromEntries(LANGUAGES.map((language) => [language, parseTemplate(entry[language])])) as Record<
      Language,
      readonly Part[]
    >,
  ]),
);

/** The codes the catalogue has messages for. */
export const MESSAGE_CODES: readonly string[] = [...PARSED.keys()];

export const hasMessage = (code: string): boolean => PARSED.has(code);

/**
 * Annex 5: the motivated refusal's text for `code` in `language`, its placeholders filled from
 * `params` (usually `error.details`); undefined for a code the catalogue does not know.
 */
export function message(code: string, language: Language, params: MessageParams = {}): string | undefined {
  const parts = PARSED.get(code)?.[language];
  return parts && renderParts(parts, language, params).trim();
}
