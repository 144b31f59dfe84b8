import { Clock } from '../../application/ports/clock';
import { instantFromMillis, type Instant } from '../../domain/shared/instant';

/** The machine's clock: the only place numlink reads the time of day. */
export class SystemClock extends Clock {
  now(): Instant {
    return instantFromMillis(Date.now());
  }
}
