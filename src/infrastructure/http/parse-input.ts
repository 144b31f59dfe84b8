import { parseIin, type Iin } from '../../domain/shared/iin';
import { parseMsisdn, type Msisdn } from '../../domain/shared/msisdn';
import { ApiError } from './api-error';
import { refusalToApiError } from './refusal-status';

/**
 * SPEC §4 order of checks: the input's form first (400 `invalid_iin`, `invalid_phone`), then
 * individuals only (422 `not_an_individual`, Rules §3).
 */
export function parseCitizen(input: { iin: string; phone: string }): { iin: Iin; phone: Msisdn } {
  const iin = parseIin(input.iin.trim());
  if (!iin.ok && iin.error === 'invalid_iin') throw refusalToApiError({ code: 'invalid_iin' });
  const phone = parseMsisdn(input.phone);
  if (!phone.ok) throw refusalToApiError({ code: 'invalid_phone' });
  if (!iin.ok) throw refusalToApiError({ code: iin.error });
  return { iin: iin.value, phone: phone.value };
}

export function parseIinParameter(text: string): Iin {
  const iin = parseIin(text);
  if (!iin.ok) throw refusalToApiError({ code: iin.error });
  return iin.value;
}

export function parsePhoneParameter(text: string | undefined): Msisdn {
  if (text === undefined)
    throw new ApiError(400, 'validation_failed', 'phone: the query parameter is required');
  const phone = parseMsisdn(text);
  if (!phone.ok) throw refusalToApiError({ code: 'invalid_phone' });
  return phone.value;
}

/** Request ids are UUIDs; anything else names no request. */
export function requestIdParameter(text: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) {
    throw new ApiError(404, 'not_found', 'No such request.');
  }
  return text.toLowerCase();
}
