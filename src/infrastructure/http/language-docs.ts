import { LANGUAGES, message, type MessageParams } from '../../application/messages/messages';

/** SPEC §9 in the OpenAPI description: how the language of an answer is chosen. */
export const ACCEPT_LANGUAGE_PARAMETER = {
  in: 'header' as const,
  name: 'Accept-Language',
  required: false,
  description:
    'The language of error messages: kk (Kazakh), ru (Russian) or en (English). Quality values are ' +
    'honoured (`kk-KZ;q=0.9, ru;q=0.8`), a regional tag counts as its language, and anything else ' +
    'gets NUMLINK_DEFAULT_LANGUAGE (ru unless set). Every answer names its language in ' +
    '`Content-Language`; `error.details` stay language-neutral (codes, numbers, instants).',
  schema: { type: 'string' as const, example: 'kk-KZ;q=0.9, ru;q=0.8' },
};

/** A motivated refusal (Annex 5) in each language, as OpenAPI examples by name. */
export function refusalExamplesInEachLanguage(
  code: string,
  details: MessageParams = {},
): Record<string, { summary: string; value: unknown }> {
  return Object.fromEntries(
    LANGUAGES.map((language) => [
      `${code} (${language})`,
      {
        summary: `Content-Language: ${language}`,
        value: {
          error: {
            code,
            message: message(code, language, details),
            ...(Object.keys(details).length > 0 ? { details } : {}),
          },
        },
      },
    ]),
  );
}
