import { sign, verify, type KeyObject } from 'node:crypto';
import type { Instant } from '../../domain/shared/instant';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { AuditCheckpointPublisher } from './audit-checkpoint-publisher';
import { readAuditHead } from './audit-head';
import type { AuditSigner } from './audit-signing-key';

/** A signed statement that the chain's record at `seq` has `hash`: whoever rewrites the chain must forge it. */
export interface AuditCheckpoint {
  readonly seq: number;
  readonly hash: string;
  readonly signedAt: string;
  readonly keyId: string;
  /** Ed25519 over `auditCheckpointPayload(seq, hash)`, base64. */
  readonly signature: string;
}

/** The signed bytes: a version tag, the position and the hash, one per line. */
export function auditCheckpointPayload(seq: number, hash: string): Buffer {
  return Buffer.from(`numlink-audit-v1\n${seq}\n${hash}`, 'utf8');
}

export interface SignAuditHeadOptions {
  /** Sign only when the head is not the last checkpoint's record (the periodic signer). */
  readonly onlyIfMoved?: boolean;
  /** Copies outside the database, written before the row: no stored checkpoint lacks its copies. */
  readonly publishers?: readonly AuditCheckpointPublisher[];
}

/**
 * Signs the current head of the chain, publishes the checkpoint outside the database, and stores it. Answers null when there is nothing
 * to sign: an empty trail, or (with `onlyIfMoved`) a head already signed.
 */
export async function signAuditHead(
  db: SqlExecutor,
  signer: AuditSigner,
  at: Instant,
  options: SignAuditHeadOptions = {},
): Promise<AuditCheckpoint | null> {
  const head = await readAuditHead(db);
  if (!head) return null;
  if (options.onlyIfMoved) {
    const [last] = await db.query<{ seq: string; hash: string }>(
      'SELECT seq::text AS seq, hash FROM audit_checkpoints ORDER BY id DESC LIMIT 1',
    );
    if (last && Number(last.seq) === head.seq && last.hash === head.hash) return null;
  }
  const checkpoint: AuditCheckpoint = {
    seq: head.seq,
    hash: head.hash,
    signedAt: at,
    keyId: signer.keyId,
    signature: sign(null, auditCheckpointPayload(head.seq, head.hash), signer.privateKey).toString('base64'),
  };
  // A failed copy fails the signing: nothing is stored, and the next signing (the head has "moved"
  // past the last stored checkpoint) tries again.
  await Promise.all((options.publishers ?? []).map((publisher) => publisher.publish(checkpoint)));
  await db.query(
    'INSERT INTO audit_checkpoints (seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)',
    [checkpoint.seq, checkpoint.hash, checkpoint.signedAt, checkpoint.keyId, checkpoint.signature],
  );
  return checkpoint;
}

/** True when one of `publicKeys` (by key id) made this signature over this seq and hash. */
export function isAuditCheckpointSigned(
  checkpoint: Pick<AuditCheckpoint, 'seq' | 'hash' | 'keyId' | 'signature'>,
  publicKeys: ReadonlyMap<string, KeyObject>,
): boolean {
  const publicKey = publicKeys.get(checkpoint.keyId);
  if (!publicKey) return false;
  try {
    return verify(
      null,
      auditCheckpointPayload(checkpoint.seq, checkpoint.hash),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    return false;
  }
}
