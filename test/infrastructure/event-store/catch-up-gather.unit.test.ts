import { EventEmitter } from 'node:events';
import type { Position, RecordedEvent } from '../../../src/application/ports/event-store';
import { catchUpSubscription } from '../../../src/infrastructure/event-store/catch-up-subscription';

/** A store in memory: appends wake the subscription as the real stores' appends do. */
class AppendedEvents {
  readonly events: RecordedEvent[] = [];
  readonly wakeUps = new EventEmitter();

  append(): void {
    const n = BigInt(this.events.length + 1);
    this.events.push({
      eventId: `e-${n}`,
      type: 'OtpIssued',
      schemaVersion: 1,
      streamId: `s-${n}`,
      revision: 0n,
      position: { commit: n, prepare: n },
      data: {},
      metadata: { occurredAt: '2026-12-02T10:00:00.000Z', correlationId: 'c', causationId: 'c' },
      recordedAt: '2026-12-02T10:00:00.000Z',
    } as RecordedEvent);
    this.wakeUps.emit('appended');
  }

  read = async (from: Position, limit: number) => ({
    events: this.events.filter((e) => e.position.prepare > from.prepare).slice(0, limit),
  });
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function batchesOf(gatherMs: number): Promise<string[][]> {
  const store = new AppendedEvents();
  const batches: string[][] = [];
  let handled: () => void = () => undefined;
  const subscription = catchUpSubscription({
    from: { commit: 0n, prepare: 0n },
    read: store.read,
    handler: async (events) => {
      batches.push(events.map((e) => e.eventId));
      handled();
    },
    batchSize: 100,
    pollIntervalMs: 60_000,
    wakeUps: store.wakeUps,
    gatherMs,
  });
  await nextTurn(); // the first read found nothing: waiting for a wake-up
  const allHandled = new Promise<void>((resolve) => {
    handled = () => {
      if (batches.flat().length === 3) resolve();
    };
  });
  // Three appends, each on a later turn of the event loop than the one before.
  store.append();
  await nextTurn();
  store.append();
  await nextTurn();
  store.append();
  await allHandled;
  await subscription.stop();
  return batches;
}

describe('a subscription gathering appends that come close together (issue 11)', () => {
  it('without a gathering time, reads on every wake-up: a batch each', async () => {
    expect(await batchesOf(0)).toEqual([['e-1'], ['e-2'], ['e-3']]);
  });

  it('with one, reads once the time has passed: the appends in between come in one batch', async () => {
    expect(await batchesOf(500)).toEqual([['e-1', 'e-2', 'e-3']]);
  });

  it('stops at once while gathering', async () => {
    const store = new AppendedEvents();
    const subscription = catchUpSubscription({
      from: { commit: 0n, prepare: 0n },
      read: store.read,
      handler: async () => undefined,
      batchSize: 100,
      pollIntervalMs: 60_000,
      wakeUps: store.wakeUps,
      gatherMs: 600_000,
    });
    await nextTurn();
    store.append();
    await nextTurn();
    // Within the ten minutes of gathering: jest's timeout would fail the test if stop waited for them.
    await subscription.stop();
  });
});
