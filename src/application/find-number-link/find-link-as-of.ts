import { numberLinkDecider } from '../../domain/number-link/decider';
import { numberLinkStreamId } from '../../domain/number-link/decider';
import type { LinkHistoryEntry } from '../../domain/number-link/state';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { EventStore } from '../ports/event-store';

export interface NumberLinkAsOf {
  readonly iin: Iin;
  readonly phone: string | null;
  readonly connectedAt: Instant | null;
  readonly channel: string | null;
  readonly asOf: Instant;
  readonly history: ReadonlyArray<Pick<LinkHistoryEntry, 'phone' | 'connectedAt' | 'releasedAt' | 'reason'>>;
}

/**
 * SPEC §5: one account's number link as it stood at an instant, rebuilt from its own stream (not from
 * the projection): the events that occurred up to that instant (their envelope's `occurredAt`, the
 * service clock's time of the decision), folded by the domain's `evolve`.
 */
export async function findLinkAsOf(
  store: EventStore,
  iin: Iin,
  asOf: Instant,
): Promise<NumberLinkAsOf | undefined> {
  const events = (await store.readStream(numberLinkStreamId(iin))).filter(
    (event) => event.metadata.occurredAt <= asOf,
  );
  if (events.length === 0) return undefined;
  const state = events.reduce(
    (s, e) =>
      numberLinkDecider.evolve(s, { type: e.type, data: e.data } as Parameters<
        typeof numberLinkDecider.evolve
      >[1]),
    numberLinkDecider.initialState,
  );
  return {
    iin,
    phone: state.current?.phone ?? null,
    connectedAt: state.current?.connectedAt ?? null,
    channel: state.current?.channel ?? null,
    asOf,
    history: state.history.map(({ phone, connectedAt, releasedAt, reason }) => ({
      phone,
      connectedAt,
      ...(releasedAt ? { releasedAt } : {}),
      ...(reason ? { reason } : {}),
    })),
  };
}
