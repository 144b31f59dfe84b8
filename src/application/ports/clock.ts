import type { Instant } from '../../domain/shared/instant';

/** The one source of the current time. The domain never reads a clock; handlers pass `now` in. */
export abstract class Clock {
  abstract now(): Instant;
}
