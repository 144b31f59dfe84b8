/** Where a running service is in its life: serving, or draining after SIGTERM (readiness then 503). */
export class Lifecycle {
  private drainingSince: number | undefined;
  private requests = 0;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Requests being served now (the HTTP layer counts them in and out). */
  get inFlight(): number {
    return this.requests;
  }

  startDraining(now: number): void {
    this.drainingSince ??= now;
  }

  requestStarted(): void {
    this.requests += 1;
  }

  requestEnded(): void {
    this.requests = Math.max(0, this.requests - 1);
  }
}
