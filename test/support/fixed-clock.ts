import { Clock } from '../../src/application/ports/clock';
import { instantFromMillis, parseInstant, toMillis, type Instant } from '../../src/domain/shared/instant';

/** A clock tests set and move by hand. */
export class FixedClock extends Clock {
  private current: Instant;

  constructor(start = '2026-01-05T10:00:00.000Z') {
    super();
    const parsed = parseInstant(start);
    if (!parsed.ok) throw new Error(`bad instant ${start}`);
    this.current = parsed.value;
  }

  now(): Instant {
    return this.current;
  }

  set(instant: string): void {
    const parsed = parseInstant(instant);
    if (!parsed.ok) throw new Error(`bad instant ${instant}`);
    this.current = parsed.value;
  }

  advanceSeconds(seconds: number): void {
    this.current = instantFromMillis(toMillis(this.current) + seconds * 1000);
  }
}
