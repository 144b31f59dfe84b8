import type { AuditCheckpoint } from './audit-checkpoint';

/** One checkpoint as one JSON line: the form of the checkpoint file and of the Kafka message's value. */
export function auditCheckpointLine(checkpoint: AuditCheckpoint): string {
  const { seq, hash, signedAt, keyId, signature } = checkpoint;
  return JSON.stringify({ seq, hash, signedAt, keyId, signature });
}

/**
 * The checkpoints of a file of JSON lines (blank lines ignored). A last line without its newline is
 * what a crash mid-write leaves: it is left out. Any other line that is not a checkpoint is an error
 * naming the line, not something to skip: the copy outside is what verification trusts.
 */
export function parseAuditCheckpointLines(text: string): AuditCheckpoint[] {
  const lines = text.split('\n');
  if (!text.endsWith('\n')) lines.pop();
  const checkpoints: AuditCheckpoint[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const checkpoint = asCheckpoint(line);
    if (!checkpoint) throw new Error(`line ${index + 1} is not an audit checkpoint`);
    checkpoints.push(checkpoint);
  });
  return checkpoints;
}

function asCheckpoint(line: string): AuditCheckpoint | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { seq, hash, signedAt, keyId, signature } = value as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  for (const field of [hash, signedAt, keyId, signature]) if (typeof field !== 'string') return undefined;
  return {
    seq,
    hash: hash as string,
    signedAt: signedAt as string,
    keyId: keyId as string,
    signature: signature as string,
  };
}
