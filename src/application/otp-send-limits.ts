import { almatyDateOf, endOfAlmatyDay, addDays } from '../domain/shared/local-date';
import { toMillis, type Instant } from '../domain/shared/instant';
import type { Iin } from '../domain/shared/iin';
import type { Msisdn } from '../domain/shared/msisdn';
import type { RateLimitWindow } from './ports/rate-limiter';
import type { NumberRequestSettings } from './number-request-settings';

const HOUR_MS = 3_600_000;

/** SPEC R14: at most N codes to one number per clock hour. */
export function phoneHourWindow(
  phone: Msisdn,
  at: Instant,
  settings: NumberRequestSettings,
): RateLimitWindow {
  const startsAt = Math.floor(toMillis(at) / HOUR_MS) * HOUR_MS;
  return {
    key: `otp-sends:${phone}`,
    limit: settings.maxSendsPerPhonePerHour,
    startsAt,
    endsAt: startsAt + HOUR_MS,
  };
}

/** SPEC R14: at most N requests per IIN per (Asia/Almaty) day. */
export function iinDayWindow(iin: Iin, at: Instant, settings: NumberRequestSettings): RateLimitWindow {
  const day = almatyDateOf(at);
  return {
    key: `requests:${iin}`,
    limit: settings.maxRequestsPerIinPerDay,
    startsAt: toMillis(endOfAlmatyDay(addDays(day, -1))),
    endsAt: toMillis(endOfAlmatyDay(day)),
  };
}
