import type { EventEmitter } from 'node:events';
import {
  comparePositions,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '../../application/ports/event-store';

/** One read of the global order for a subscription. */
export interface FeedPage {
  readonly events: RecordedEvent[];
  /**
   * How far the read looked (at or past its last event): a filtered read that found nothing may move
   * the subscription past the events it passed over, so the next read starts there.
   */
  readonly scannedTo?: Position;
  /** Committed events exist that a reader may not pass yet (an earlier transaction is still open). */
  readonly heldBack?: boolean;
}

export interface CatchUpOptions {
  readonly from: Position;
  readonly read: (from: Position, limit: number) => Promise<FeedPage>;
  readonly handler: (events: readonly RecordedEvent[]) => Promise<void>;
  readonly batchSize: number;
  /** The fallback poll, for writers this process hears no wake-up from. */
  readonly pollIntervalMs: number;
  /** How soon to read again when committed events were held back by an open transaction. */
  readonly heldBackRetryMs?: number;
  /** See `SubscribeOptions.gatherMs`. */
  readonly gatherMs?: number;
  /** Emits `appended` when something was written (here, or elsewhere when the store hears of it). */
  readonly wakeUps?: EventEmitter;
  readonly onCaughtUp?: () => void;
  readonly onSkipped?: (position: Position) => Promise<void>;
  readonly onError?: (error: unknown) => void;
}

/**
 * Reads the global order from a position, batch after batch, then waits for more (a wake-up, or the
 * fallback poll). The handler runs one batch at a time; the position advances only after it returns.
 * A read that found nothing for this subscription still moves it to where it looked up to, so a poll
 * costs what is new, not what is stored.
 */
export function catchUpSubscription(options: CatchUpOptions): Subscription {
  let stopped = false;
  let woken = false;
  /** Ends the pause under way at once (on stop; on a wake-up too when it waits for one). */
  let endPause: (() => void) | undefined;
  let pauseEndsOnWakeUp = false;
  const onAppended = () => {
    woken = true;
    if (pauseEndsOnWakeUp) endPause?.();
  };
  options.wakeUps?.on('appended', onAppended);

  const pause = (ms: number, endsOnWakeUp: boolean) =>
    new Promise<void>((resolve) => {
      if (stopped || (endsOnWakeUp && woken)) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        endPause = undefined;
        resolve();
      }
      endPause = done;
      pauseEndsOnWakeUp = endsOnWakeUp;
    });
  /** Waits for a wake-up, or the fallback poll. */
  const idle = (ms: number) => pause(ms, true);
  /** Lets appends close together gather (`gatherMs`); a wake-up does not end it. */
  const gather = () => (options.gatherMs ? pause(options.gatherMs, false) : Promise.resolve());

  const loop = (async () => {
    let position = options.from;
    while (!stopped) {
      woken = false;
      const page = await options.read(position, options.batchSize);
      if (stopped) break;
      const { events, scannedTo } = page;
      if (events.length === 0) {
        if (scannedTo && comparePositions(scannedTo, position) > 0) {
          await options.onSkipped?.(scannedTo);
          position = scannedTo;
        }
        options.onCaughtUp?.();
        await idle(page.heldBack ? (options.heldBackRetryMs ?? 20) : options.pollIntervalMs);
        if (woken) await gather();
        continue;
      }
      await options.handler(events);
      position = events[events.length - 1]!.position;
      // Not behind: what is appended next comes in one batch rather than one each.
      if (events.length < options.batchSize) await gather();
    }
  })().catch((error: unknown) => {
    stopped = true;
    options.onError?.(error);
  });

  return {
    stop: async () => {
      stopped = true;
      options.wakeUps?.off('appended', onAppended);
      endPause?.();
      await loop;
    },
  };
}
