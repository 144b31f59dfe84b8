import { ALMATY_OFFSET_MINUTES } from '../../../domain/shared/local-date';

/** An API instant as a person in Kazakhstan reads it: `YYYY-MM-DD HH:mm` in Asia/Almaty (UTC+5). */
export function almatyTime(instant: string | null | undefined): string {
  if (!instant) return '';
  const millis = Date.parse(instant);
  if (Number.isNaN(millis)) return instant;
  return new Date(millis + ALMATY_OFFSET_MINUTES * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A `datetime-local` field (Almaty wall time) as an API instant; empty stays undefined. */
export function instantFromAlmatyInput(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return text; // the API names what is wrong
  return `${text.length === 16 ? `${text}:00` : text}+05:00`;
}
