import type { Instant } from '../../domain/shared/instant';

/** The open requests whose service term has ended by `at` (a read model kept by a projection). */
export abstract class ExpiringRequests {
  abstract endedBy(at: Instant, limit: number): Promise<string[]>;
}
