import type { Brand } from './brand';
import { err, ok, type Result } from './result';

/** An individual identification number (ИИН): 12 digits with a valid check digit, of an individual. */
export type Iin = Brand<string, 'Iin'>;

export type IinError = 'invalid_iin' | 'not_an_individual';

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;

/**
 * The check digit of the first 11 digits: weights 1..11; when that sum mod 11 is 10, weights
 * 3..11,1,2; a second 10 means no valid number has these 11 digits (`undefined`).
 */
export function iinCheckDigit(first11: string): number | undefined {
  const digits = [...first11].map(Number);
  const weigh = (weights: readonly number[]) =>
    digits.reduce((sum, d, i) => sum + d * (weights[i] ?? 0), 0) % 11;
  const first = weigh(FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weigh(SECOND_WEIGHTS);
  return second === 10 ? undefined : second;
}

/**
 * Rules §3: the service is for individuals only. Digit 5 in 0-3 marks an individual's IIN; 4-6 a BIN
 * (a legal entity or an entrepreneur). The birth-date digits are not authoritative and are not checked.
 */
export function parseIin(text: string): Result<Iin, IinError> {
  if (!/^\d{12}$/.test(text)) return err('invalid_iin');
  if (iinCheckDigit(text.slice(0, 11)) !== Number(text[11])) return err('invalid_iin');
  const fifth = Number(text[4]);
  if (fifth >= 4 && fifth <= 6) return err('not_an_individual');
  if (fifth > 6) return err('invalid_iin');
  return ok(text as Iin);
}
