import { parseIin, type Iin } from '../../domain/shared/iin';
import { parseInstant, toMillis, type Instant } from '../../domain/shared/instant';
import { parseMsisdn, type Msisdn } from '../../domain/shared/msisdn';
import { ApiError, validationFailed } from './api-error';
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

/**
 * What PostgreSQL's `timestamptz` stores and the canonical instant spells with four-digit years: from
 * 0001-01-01 to 9999-12-31 UTC. An instant outside never reaches a query (issue 9).
 */
const EARLIEST_INSTANT_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** The one parser of every instant in a query or body: ISO-8601 with an offset, in the stored range, else 400. */
export function instantInput(field: string, text: string): Instant {
  const parsed = parseInstant(text);
  if (
    !parsed.ok ||
    !(toMillis(parsed.value) >= EARLIEST_INSTANT_MS && toMillis(parsed.value) <= LATEST_INSTANT_MS)
  )
    throw validationFailed(
      `${field}: must be an ISO-8601 instant with an offset, between 0001-01-01 and 9999-12-31 UTC`,
    );
  return parsed.value;
}
