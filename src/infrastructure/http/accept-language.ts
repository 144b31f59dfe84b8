import { isLanguage, type Language } from '../../domain/shared/language';

/**
 * SPEC §9: the language of an answer from `Accept-Language` (RFC 9110 §12.5.4): the acceptable language
 * with the highest quality wins, ties in the header's order; a regional tag counts as its language
 * (`kk-KZ` is `kk`); `*`, unknown or absent: the configured default.
 */
export function negotiateLanguage(header: string | string[] | undefined, fallback: Language): Language {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) return fallback;
  let best: { language: Language; quality: number } | undefined;
  // Bounded: a hostile header costs no more than its first 32 ranges within 1 KiB.
  for (const range of text.slice(0, 1024).split(',', 32)) {
    const [tag = '', ...parameters] = range.split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    const language = primary === '*' ? fallback : primary;
    if (!isLanguage(language)) continue;
    const quality = qualityOf(parameters);
    if (quality > 0 && (best === undefined || quality > best.quality)) best = { language, quality };
  }
  return best?.language ?? fallback;
}

function qualityOf(parameters: readonly string[]): number {
  for (const parameter of parameters) {
    const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter);
    if (match) return Math.min(1, Number(match[1]));
  }
  return 1;
}
