import type { Instant } from '../../domain/shared/instant';

/** The complaints with a deadline still pending whose due date has ended by `at` (a read model). */
export abstract class PendingDeadlines {
  abstract endedBy(at: Instant, limit: number): Promise<string[]>;
}
