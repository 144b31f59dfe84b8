import type { Instant } from '../../../domain/shared/instant';
import { ApiError } from '../api-error';
import { instantInput } from '../parse-input';

/** An optional instant of a complaint body: ISO-8601 with an offset, else 400. */
export function optionalInstant(field: string, text: string | undefined): Instant | undefined {
  if (text === undefined) return undefined;
  return instantInput(field, text);
}

/** Complaint ids are UUIDs; anything else names no complaint. */
export function complaintIdParameter(text: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) {
    throw new ApiError(404, 'complaint_not_found', 'No such complaint.');
  }
  return text.toLowerCase();
}
