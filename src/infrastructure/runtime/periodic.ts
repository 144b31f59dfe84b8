import type { Logger } from '../observability/logger';
import { asSqlCaller } from '../sql/sql-caller';

/** Runs a job every `intervalMs`, one run at a time; a failed run is logged and the next one tries again. */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly name: string,
    private readonly job: () => Promise<void>,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** Runs the job now (unless a run is under way) and resolves when it ends. */
  runOnce(): Promise<void> {
    this.running ??= asSqlCaller(`periodic:${this.name.replaceAll(' ', '_')}`, () => this.job())
      .catch((error: unknown) => this.logger.error({ err: error, job: this.name }, 'periodic job failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
