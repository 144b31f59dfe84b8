import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Projection, ProjectedEvent } from './projection';

/**
 * A process that reacts to events with effects outside the read models (send an SMS, complete a
 * connection), run by the projection runtime for its checkpoint, leadership and restarts. Effects are
 * at least once: a reaction must be idempotent or tolerate a repeat (an SMS may go twice after a crash,
 * never zero times).
 */
export function reactor<E extends DomainEvent = DomainEvent>(
  name: string,
  handles: Projection<E>['handles'],
  handle: (events: readonly ProjectedEvent<E>[]) => Promise<void>,
  /**
   * `gathers`: nobody awaits its effects, so it may wait a moment for more appends, as read models do
   * (fewer batches, fewer checkpoint writes); otherwise it reads each append at once (an SMS is awaited).
   */
  { gathers = false }: { readonly gathers?: boolean } = {},
): Projection<E> {
  return {
    name,
    handles,
    migrations: [],
    tables: [],
    apply: async () => undefined,
    react: handle,
    readsAtOnce: !gathers,
  };
}
