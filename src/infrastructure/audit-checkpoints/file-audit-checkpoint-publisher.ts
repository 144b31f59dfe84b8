import { mkdir, open } from 'node:fs/promises';
import * as path from 'node:path';
import type { AuditCheckpoint } from '../../projections/audit-trail/audit-checkpoint';
import { auditCheckpointLine } from '../../projections/audit-trail/audit-checkpoint-lines';
import type { AuditCheckpointPublisher } from '../../projections/audit-trail/audit-checkpoint-publisher';

/**
 * Appends each checkpoint as a JSON line to `NUMLINK_AUDIT_CHECKPOINT_FILE`, synced to disk before it
 * resolves. Opened in append mode for each line and never rewritten, so the file can live on storage
 * that only allows appending (chattr +a, a WORM mount) that the database's administrators cannot reach.
 */
export class FileAuditCheckpointPublisher implements AuditCheckpointPublisher {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  publish(checkpoint: AuditCheckpoint): Promise<void> {
    const appending = this.queue.then(() => this.append(`${auditCheckpointLine(checkpoint)}\n`));
    this.queue = appending.catch(() => undefined);
    return appending;
  }

  private async append(line: string): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const handle = await open(this.file, 'a', 0o640);
    try {
      await handle.write(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
