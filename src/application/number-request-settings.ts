import type { NumberRequestLimits } from '../domain/number-request/commands';
import type { Language } from '../domain/shared/language';

/** The limits of R10 and R14 as configured (SPEC §6), handed to the number-request use cases. */
export abstract class NumberRequestSettings {
  abstract readonly requestLimits: NumberRequestLimits;
  abstract readonly maxSendsPerPhonePerHour: number;
  abstract readonly maxRequestsPerIinPerDay: number;
  /** SPEC §9: the SMS language of a request that names none. */
  abstract readonly defaultLanguage: Language;
}
