import { readFile } from 'node:fs/promises';
import type { Result } from '../../domain/shared/result';
import type { AuditCheckpoint } from '../../projections/audit-trail/audit-checkpoint';
import { parseAuditCheckpointLines } from '../../projections/audit-trail/audit-checkpoint-lines';

/**
 * The checkpoints of the service's copy file: none while it does not exist yet (nothing signed), an
 * error naming the fault when it cannot be read or holds a line that is not a checkpoint.
 */
export async function readCheckpointCopies(file: string): Promise<Result<AuditCheckpoint[], string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: true, value: [] };
    return { ok: false, error: `the checkpoint copy cannot be read (${code ?? 'error'})` };
  }
  try {
    return { ok: true, value: parseAuditCheckpointLines(text) };
  } catch (error) {
    return {
      ok: false,
      error: `the checkpoint copy: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
