import type { Clock } from '../../application/ports/clock';
import type { Logger } from '../../infrastructure/observability/logger';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import { signAuditHead, type AuditCheckpoint } from './audit-checkpoint';
import type { AuditCheckpointPublisher } from './audit-checkpoint-publisher';
import type { AuditSigner } from './audit-signing-key';

export interface AuditCheckpointSchedulerOptions {
  /** How often to look at the head; default one minute. */
  readonly intervalMs?: number;
  readonly logger?: Logger;
  /** Where each checkpoint is also kept outside the database (file, Kafka). */
  readonly publishers?: readonly AuditCheckpointPublisher[];
}

/** Signs the head of the audit chain every interval, when it moved since the last checkpoint. */
export class AuditCheckpointScheduler {
  private readonly intervalMs: number;
  private readonly logger: Logger | undefined;
  private readonly publishers: readonly AuditCheckpointPublisher[];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: SqlExecutor,
    private readonly signer: AuditSigner,
    private readonly clock: Clock,
    options: AuditCheckpointSchedulerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 60_000;
    this.logger = options.logger;
    this.publishers = options.publishers ?? [];
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops the timer and waits for a signing under way. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** Signs the head now if it moved; answers the new checkpoint, or null. */
  signNow(): Promise<AuditCheckpoint | null> {
    const signing = this.inFlight.then(() =>
      signAuditHead(this.db, this.signer, this.clock.now(), {
        onlyIfMoved: true,
        publishers: this.publishers,
      }),
    );
    this.inFlight = signing.catch(() => undefined);
    return signing;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.signNow()
        .catch((error: unknown) => this.logger?.error({ err: error }, 'audit checkpoint not signed'))
        .finally(() => {
          if (this.running) this.schedule();
        });
    }, this.intervalMs);
    // A pending checkpoint never keeps the process alive.
    this.timer.unref();
  }
}
