import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Brand } from './brand';
import { err, ok, type Result } from './result';

/** A Kazakhstan mobile subscriber number in E.164 (`+77XXXXXXXXX`). */
export type Msisdn = Brand<string, 'Msisdn'>;

/**
 * R2: a Kazakhstan mobile number as libphonenumber's full metadata classifies the ranges
 * (+7 700-702, 705-708, 747, 760-764, 771, 775-778, 785). The usual spellings are accepted
 * (`87011234567`, `+7 (701) 123-45-67`); landlines and other countries are not.
 */
export function parseMsisdn(text: string): Result<Msisdn, 'invalid_phone'> {
  if (text.length > 32) return err('invalid_phone');
  const phone = parsePhoneNumberFromString(text, 'KZ');
  if (!phone || phone.country !== 'KZ' || !phone.isValid()) return err('invalid_phone');
  const type = phone.getType();
  if (type !== 'MOBILE') return err('invalid_phone');
  return ok(phone.number as Msisdn);
}
