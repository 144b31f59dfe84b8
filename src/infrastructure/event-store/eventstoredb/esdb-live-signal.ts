import {
  END,
  streamNameFilter,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';

/**
 * Calls `signal` for every new event of numlink's streams, from a live subscription to `$all`, so
 * catch-up subscriptions read at once instead of at their next poll. The polls still run: this only
 * shortens the wait. The client does not resubscribe by itself after an error or the end of the
 * stream, so this does, after `retryMs`.
 */
export class EsdbLiveSignal {
  private subscription: AllStreamSubscription | undefined;
  private retry: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly streamPrefix: string,
    private readonly signal: () => void,
    private readonly retryMs = 1000,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retry);
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.unsubscribe().catch(() => undefined);
  }

  private subscribe(): void {
    const subscription = this.client.subscribeToAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [this.streamPrefix] }),
    });
    this.subscription = subscription;
    subscription.on('data', () => this.signal());
    const dropped = () => {
      // Listeners stay attached after a drop: a late 'error' must find one, or it would crash the process.
      if (this.subscription !== subscription) return;
      this.subscription = undefined;
      void subscription.unsubscribe().catch(() => undefined);
      if (this.running) this.retry = setTimeout(() => this.running && this.subscribe(), this.retryMs);
    };
    subscription.on('error', dropped);
    subscription.on('end', dropped);
    subscription.on('close', dropped);
  }
}
