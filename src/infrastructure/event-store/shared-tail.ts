import type { EventEmitter } from 'node:events';
import { comparePositions, type Position, type RecordedEvent } from '../../application/ports/event-store';
import type { FeedPage } from './catch-up-subscription';

export interface SharedTailOptions {
  /** One read of the global order from a position: `types` only, or every type (`undefined`). */
  readonly read: (from: Position, limit: number, types?: readonly string[]) => Promise<FeedPage>;
  /** Emits `appended` whenever something was written, here or (when the store hears of it) elsewhere. */
  readonly wakeUps: EventEmitter;
  /** Events per read of the tail. */
  readonly pageSize: number;
  /** Events kept: a subscription further behind reads for itself. */
  readonly capacity: number;
  /** With no wake-up since, a read of the tail this recent is still the news (the fallback poll's). */
  readonly freshForMs: number;
  /** The same while committed events were held back by an open transaction. */
  readonly heldBackFreshForMs: number;
  readonly now: () => number;
}

/**
 * Issue 11: the live subscriptions of this process share one read of the store's tail. Caught up, they
 * wake together on every append; instead of each reading the new events of its types (a statement per
 * subscription, each scanning the same new rows), the first to ask reads every new event once, the
 * others wait for that read, and each takes its own types out of it.
 *
 * The tail holds every event after `from` up to `to`, and nothing can be added below `to` later: a read
 * returns only events of transactions older than every one still open, so whatever commits afterwards
 * sorts after it. A subscription reading from inside the tail is answered from memory; one at its end
 * waits for the next read of the store, made only when something was appended since the last (or that
 * read has aged, for writers this process hears no wake-up from). A subscription outside the tail (far
 * behind, catching up) reads its own types for itself, and when that read reaches the head it may
 * start the tail there.
 */
export class SharedTail {
  private events: RecordedEvent[] = [];
  private from: Position | undefined;
  private to: Position | undefined;
  /** The last read of the store reached the head (it was not a full page). */
  private atHead = false;
  private heldBack = false;
  /** Moves on every wake-up: a read begun at an older generation may have missed an append. */
  private generation = 0;
  private readGeneration = -1;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;
  private readonly onAppended = () => {
    this.generation += 1;
  };

  constructor(private readonly options: SharedTailOptions) {
    options.wakeUps.on('appended', this.onAppended);
  }

  /** A subscription's next page: the events of `types` after `from`, at most `limit`. */
  async read(from: Position, limit: number, types?: readonly string[]): Promise<FeedPage> {
    // Whatever was appended before this call must be in the answer, or in a later one.
    const asked = this.generation;
    let waited = false;
    for (;;) {
      if (!this.covers(from)) return this.readAlone(from, limit, types);
      const page = this.page(from, limit, types);
      if (page.events.length > 0) return page;
      // Nothing of its types up to the tail's end. That is the answer only when the end is the head,
      // and the tail's last read began after every append this call knows of (a read already running
      // when the subscription was woken may have missed it) and is recent, or was waited for here.
      if (this.atHead && this.readGeneration >= asked && (waited || !this.aged())) return page;
      await this.readMore();
      waited = true;
    }
  }

  /** Outside the tail: its own read; reaching the head ahead of the tail, it starts the tail there. */
  private async readAlone(from: Position, limit: number, types?: readonly string[]): Promise<FeedPage> {
    const generation = this.generation;
    const readAt = this.options.now();
    const page = await this.options.read(from, limit, types);
    const head = page.scannedTo;
    if (head && !this.reading && (this.to === undefined || comparePositions(head, this.to) > 0)) {
      this.events = [];
      this.from = head;
      this.to = head;
      this.atHead = true;
      this.heldBack = page.heldBack === true;
      this.readGeneration = generation;
      this.readAt = readAt;
    }
    return page;
  }

  private covers(from: Position): boolean {
    return (
      this.from !== undefined &&
      this.to !== undefined &&
      comparePositions(from, this.from) >= 0 &&
      comparePositions(from, this.to) <= 0
    );
  }

  stop(): void {
    this.options.wakeUps.off('appended', this.onAppended);
    this.events = [];
  }

  private aged(): boolean {
    const age = this.options.now() - this.readAt;
    return age >= (this.heldBack ? this.options.heldBackFreshForMs : this.options.freshForMs);
  }

  /** One read of the store after the tail's end, shared by everyone who asks while it runs. */
  private readMore(): Promise<void> {
    this.reading ??= this.readFromStore().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readFromStore(): Promise<void> {
    const start = this.to!;
    const generation = this.generation;
    const readAt = this.options.now();
    const page = await this.options.read(start, this.options.pageSize);
    if (this.to === undefined || comparePositions(this.to, start) !== 0) return; // restarted meanwhile
    this.events.push(...page.events);
    const last = page.events[page.events.length - 1];
    this.to = page.scannedTo ?? last?.position ?? start;
    this.atHead = page.scannedTo !== undefined;
    this.heldBack = page.heldBack === true;
    this.readGeneration = generation;
    this.readAt = readAt;
    const over = this.events.length - this.options.capacity;
    if (over > 0) {
      this.from = this.events[over - 1]!.position;
      this.events = this.events.slice(over);
    }
  }

  /** The events of `types` after `from`, up to `limit`; the page looked up to the tail's end when not full. */
  private page(from: Position, limit: number, types?: readonly string[]): FeedPage {
    const events: RecordedEvent[] = [];
    for (let i = this.firstAfter(from); i < this.events.length && events.length < limit; i++) {
      const event = this.events[i]!;
      if (!types || types.includes(event.type)) events.push(event);
    }
    return {
      events,
      ...(events.length < limit ? { scannedTo: this.to! } : {}),
      heldBack: this.heldBack,
    };
  }

  /** The index of the first event after `from` (binary search: the tail is in global order). */
  private firstAfter(from: Position): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePositions(this.events[middle]!.position, from) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
