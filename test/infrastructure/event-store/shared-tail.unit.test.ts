import { EventEmitter } from 'node:events';
import {
  comparePositions,
  START,
  type Position,
  type RecordedEvent,
} from '../../../src/application/ports/event-store';
import type { FeedPage } from '../../../src/infrastructure/event-store/catch-up-subscription';
import { SharedTail } from '../../../src/infrastructure/event-store/shared-tail';

/**
 * The global order as the PostgreSQL store reads it (a page of the asked types, `scannedTo` the head
 * when the page is not full), with every read it was asked for recorded. A read can be held open.
 */
class StoredOrder {
  readonly events: RecordedEvent[] = [];
  readonly reads: Array<{ from: Position; types: readonly string[] | undefined }> = [];
  private hold: Promise<void> | undefined;

  append(...types: string[]): void {
    for (const type of types) {
      const prepare = BigInt(this.events.length + 1);
      this.events.push({
        eventId: `e${prepare}`,
        type,
        schemaVersion: 1,
        streamId: 's',
        revision: prepare,
        position: { commit: 1n, prepare },
        data: {},
        metadata: {},
        recordedAt: '2026-12-02T00:00:00.000Z',
      } as RecordedEvent);
    }
  }

  /** Reads begun from now on see the order as it is now, and answer once `release` is called. */
  holdReads(): () => void {
    let release!: () => void;
    this.hold = new Promise((resolve) => (release = resolve));
    return () => {
      this.hold = undefined;
      release();
    };
  }

  read = async (from: Position, limit: number, types?: readonly string[]): Promise<FeedPage> => {
    this.reads.push({ from, types });
    const seen = [...this.events];
    await this.hold;
    const after = seen.filter((e) => comparePositions(e.position, from) > 0);
    const page = after.filter((e) => !types || types.includes(e.type)).slice(0, limit);
    const head = seen[seen.length - 1]?.position ?? START;
    return page.length < limit ? { events: page, scannedTo: head, heldBack: false } : { events: page };
  };
}

const FRESH_FOR_MS = 1000;

function tailOver(store: StoredOrder, options: { pageSize?: number; capacity?: number } = {}) {
  const wakeUps = new EventEmitter();
  let now = 0;
  const tail = new SharedTail({
    read: store.read,
    wakeUps,
    pageSize: options.pageSize ?? 100,
    capacity: options.capacity ?? 1000,
    freshForMs: FRESH_FOR_MS,
    heldBackFreshForMs: 10,
    now: () => now,
  });
  return {
    tail,
    /** What the store's adapter does after a commit: wakes this process's subscriptions. */
    appended: (...types: string[]) => {
      store.append(...types);
      wakeUps.emit('appended');
    },
    later: (ms: number) => (now += ms),
  };
}

const typesOf = (page: FeedPage) => page.events.map((e) => e.type);
const head = (store: StoredOrder): Position => store.events[store.events.length - 1]!.position;

/**
 * Given one stored event, read once from the start (which starts the tail at the head): the
 * subscriptions read on from `at`, and the store's record of reads begins empty.
 */
async function caughtUp(options: { pageSize?: number; capacity?: number } = {}) {
  const store = new StoredOrder();
  store.append('Old');
  const tail = tailOver(store, options);
  await tail.tail.read(START, 500);
  store.reads.length = 0;
  return { ...tail, store, at: head(store) };
}

describe('the shared tail of the event feed (issue 11)', () => {
  it('caught-up subscriptions woken by an append share one read of it, each getting its own types', async () => {
    const store = new StoredOrder();
    store.append('Old');
    const { tail, appended } = tailOver(store);
    // Catching up, each reads alone; the first to reach the head starts the tail there.
    for (const types of [['OtpIssued'], ['NumberConnected'], undefined]) await tail.read(START, 500, types);
    const at = head(store);
    store.reads.length = 0;

    appended('OtpIssued', 'NumberConnected');
    const [otp, connected, all] = await Promise.all([
      tail.read(at, 500, ['OtpIssued']),
      tail.read(at, 500, ['NumberConnected']),
      tail.read(at, 500),
    ]);

    expect(store.reads).toEqual([{ from: at, types: undefined }]);
    expect(typesOf(otp)).toEqual(['OtpIssued']);
    expect(typesOf(connected)).toEqual(['NumberConnected']);
    expect(typesOf(all)).toEqual(['OtpIssued', 'NumberConnected']);
    expect(otp.scannedTo).toEqual(head(store));
  });

  it('reads nothing when nothing was appended since a recent read, and reads again once it has aged', async () => {
    const { tail, later, store, at } = await caughtUp();

    const idle = await tail.read(at, 500, ['OtpIssued']);
    expect(idle).toEqual({ events: [], scannedTo: at, heldBack: false });
    expect(store.reads).toHaveLength(0);

    // A writer in another process this one hears nothing from: the fallback poll still finds its events.
    store.append('OtpIssued');
    later(FRESH_FOR_MS);
    expect(typesOf(await tail.read(at, 500, ['OtpIssued']))).toEqual(['OtpIssued']);
    expect(store.reads).toHaveLength(1);
  });

  it('reads again when the read it joined began before the append it was woken for', async () => {
    const { tail, appended, store, at } = await caughtUp();

    appended('Other');
    const release = store.holdReads();
    const early = tail.read(at, 500, ['Other']); // its read sees the order before the next append
    appended('OtpIssued');
    const woken = tail.read(at, 500, ['OtpIssued']);
    release();

    expect(typesOf(await early)).toEqual(['Other']);
    expect(typesOf(await woken)).toEqual(['OtpIssued']);
  });

  it('is not caught up at the end of a full page: it reads on to the head for its types', async () => {
    const { tail, appended, store, at } = await caughtUp({ pageSize: 2 });

    appended('Other', 'Other', 'Other', 'OtpIssued');
    const page = await tail.read(at, 500, ['OtpIssued']);

    expect(typesOf(page)).toEqual(['OtpIssued']);
    expect(page.scannedTo).toEqual(head(store));
  });

  it('answers a full page of its types without claiming to have looked further', async () => {
    const { tail, appended, at } = await caughtUp();

    appended('OtpIssued', 'OtpIssued', 'OtpIssued');
    const page = await tail.read(at, 2, ['OtpIssued']);

    expect(page.events).toHaveLength(2);
    expect(page.scannedTo).toBeUndefined();
  });

  it('leaves a subscription behind the events it keeps to read its own types', async () => {
    const { tail, appended, store, at } = await caughtUp({ capacity: 2 });
    appended('OtpIssued', 'Other', 'Other');
    await tail.read(at, 500);
    store.reads.length = 0;

    // The tail kept the last two events: the first one after `at` is gone from it.
    const page = await tail.read(at, 500, ['OtpIssued']);

    expect(typesOf(page)).toEqual(['OtpIssued']);
    expect(store.reads).toEqual([{ from: at, types: ['OtpIssued'] }]);
  });
});
