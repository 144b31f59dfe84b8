import type { EventEmitter } from 'node:events';
import type { Position, RecordedEvent, Subscription } from '../../application/ports/event-store';

export interface CatchUpOptions {
  readonly from: Position;
  readonly read: (from: Position, limit: number) => Promise<RecordedEvent[]>;
  readonly handler: (events: readonly RecordedEvent[]) => Promise<void>;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  /** Emits `appended` when this process wrote something: the live phase wakes without waiting. */
  readonly wakeUps?: EventEmitter;
  readonly onCaughtUp?: () => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Reads the global order from a position, batch after batch, then waits for more (a wake-up or the
 * poll interval). The handler runs one batch at a time; the position advances only after it returns.
 */
export function catchUpSubscription(options: CatchUpOptions): Subscription {
  let stopped = false;
  let wake: (() => void) | undefined;
  const onAppended = () => wake?.();
  options.wakeUps?.on('appended', onAppended);

  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const loop = (async () => {
    let position = options.from;
    while (!stopped) {
      const events = await options.read(position, options.batchSize);
      if (stopped) break;
      if (events.length === 0) {
        options.onCaughtUp?.();
        await idle();
        continue;
      }
      await options.handler(events);
      position = events[events.length - 1]!.position;
    }
  })().catch((error: unknown) => {
    stopped = true;
    options.onError?.(error);
  });

  return {
    stop: async () => {
      stopped = true;
      options.wakeUps?.off('appended', onAppended);
      wake?.();
      await loop;
    },
  };
}
