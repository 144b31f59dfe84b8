import type { KeyObject } from 'node:crypto';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import { isAuditCheckpointSigned, type AuditCheckpoint } from './audit-checkpoint';
import { readAuditHead, type AuditHead } from './audit-head';
import { auditRecordHash, GENESIS_HASH, type AuditRecord, type AuditRecordContent } from './audit-record';
import { AUDIT_RECORD_COLUMNS, toAuditRecord, type AuditRecordRow } from './audit-record-row';
import { auditKeyId } from './audit-signing-key';

export type AuditBreakReason =
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'sequence_gap'
  | 'checkpoint_signature_invalid'
  | 'checkpoint_mismatch'
  | 'truncated_after_checkpoint';

export interface AuditVerification {
  readonly ok: boolean;
  /** Records found intact before the first break (all of them when `ok`). */
  readonly checked: number;
  /** The last record of the trail, or null when it is empty. */
  readonly head: AuditHead | null;
  readonly firstBrokenAt?: {
    readonly seq: number;
    readonly reason: AuditBreakReason;
    /** Set when a checkpoint of the copy kept outside the database found the break. */
    readonly source?: 'external';
  };
}

export interface VerifyAuditTrailOptions {
  /** Called after each batch of records: how many are checked, and the last position checked. */
  readonly onProgress?: (progress: { readonly checked: number; readonly seq: number }) => void;
  readonly batchSize?: number;
  /**
   * Checkpoints kept outside the database (`NUMLINK_AUDIT_CHECKPOINT_FILE`, the Kafka topic), checked
   * as the stored ones are: they find a trail rewritten or truncated after every row of
   * `audit_checkpoints` was deleted. Read them before the walk: the chain only grows meanwhile.
   */
  readonly external?: readonly AuditCheckpoint[];
}

interface CheckpointRow {
  id: string;
  seq: string;
  hash: string;
  key_id: string;
  signature: string;
}

interface StoredCheckpoint {
  readonly id: string;
  readonly seq: number;
  readonly hash: string;
  readonly keyId: string;
  readonly signature: string;
}

const MIN_BIGINT = '-9223372036854775808';

/**
 * SPEC §5: walks the chain in position order, recomputing every hash and link and checking that
 * positions run 1, 2, 3… without a gap; checks every signed checkpoint against the record at its
 * position, and that no record behind the latest checkpoint is missing. Stops at the first break.
 *
 * The chain alone finds a changed, removed, inserted or reordered record; only a checkpoint signed
 * with a key the database never holds finds a chain rewritten whole with recomputed hashes, and only
 * the copies kept outside the database (`external`) find it when the checkpoint rows were deleted too.
 * Checkpoints signed after the walk began are left for the next walk.
 */
export async function verifyAuditTrail(
  db: SqlExecutor,
  publicKeys: readonly KeyObject[],
  options: VerifyAuditTrailOptions = {},
): Promise<AuditVerification> {
  const keys = new Map(publicKeys.map((key) => [auditKeyId(key), key]));
  const batchSize = options.batchSize ?? 5000;
  const [latest] = await db.query<{ id: string | null }>('SELECT max(id)::text AS id FROM audit_checkpoints');
  const checkpoints = peekable(storedCheckpoints(db, latest?.id ?? '0', 1000));
  const external = [...(options.external ?? [])].sort((a, b) => a.seq - b.seq);
  let nextExternal = 0;

  let expected = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let head: AuditHead | null = null;
  const broken = async (
    seq: number,
    reason: AuditBreakReason,
    source?: 'external',
  ): Promise<AuditVerification> => ({
    ok: false,
    checked,
    head: await readAuditHead(db),
    firstBrokenAt: { seq, reason, ...(source ? { source } : {}) },
  });

  for await (const batch of auditRecordBatches(db, batchSize)) {
    for (const record of batch) {
      if (record.position !== expected) return broken(Math.min(record.position, expected), 'sequence_gap');
      if (auditRecordHash(record.prevHash, contentOf(record)) !== record.hash)
        return broken(record.position, 'hash_mismatch');
      if (record.prevHash !== prevHash) return broken(record.position, 'prev_hash_mismatch');
      let checkpoint = await checkpoints.peek();
      while (checkpoint && checkpoint.seq <= record.position) {
        if (!isAuditCheckpointSigned(checkpoint, keys))
          return broken(checkpoint.seq, 'checkpoint_signature_invalid');
        if (checkpoint.seq !== record.position || checkpoint.hash !== record.hash)
          return broken(checkpoint.seq, 'checkpoint_mismatch');
        await checkpoints.next();
        checkpoint = await checkpoints.peek();
      }
      for (
        ;
        nextExternal < external.length && external[nextExternal]!.seq <= record.position;
        nextExternal++
      ) {
        const copy = external[nextExternal]!;
        if (!isAuditCheckpointSigned(copy, keys))
          return broken(copy.seq, 'checkpoint_signature_invalid', 'external');
        if (copy.seq !== record.position || copy.hash !== record.hash)
          return broken(copy.seq, 'checkpoint_mismatch', 'external');
      }
      checked += 1;
      prevHash = record.hash;
      expected += 1;
      head = { seq: record.position, hash: record.hash };
    }
    if (head) options.onProgress?.({ checked, seq: head.seq });
  }

  // A signed checkpoint beyond the last record: records it vouched for are gone.
  const beyond = await checkpoints.peek();
  if (beyond) {
    if (!isAuditCheckpointSigned(beyond, keys)) return broken(beyond.seq, 'checkpoint_signature_invalid');
    return broken(expected, 'truncated_after_checkpoint');
  }
  const beyondCopy = external[nextExternal];
  if (beyondCopy) {
    if (!isAuditCheckpointSigned(beyondCopy, keys))
      return broken(beyondCopy.seq, 'checkpoint_signature_invalid', 'external');
    return broken(expected, 'truncated_after_checkpoint', 'external');
  }
  return { ok: true, checked, head };
}

function contentOf(record: AuditRecord): AuditRecordContent {
  const { prevHash: _prevHash, hash: _hash, ...content } = record;
  return content;
}

/** The records in position order, a batch at a time (keyset pagination). */
async function* auditRecordBatches(db: SqlExecutor, batchSize: number): AsyncGenerator<AuditRecord[]> {
  let after = MIN_BIGINT;
  for (;;) {
    const rows = await db.query<AuditRecordRow>(
      `SELECT ${AUDIT_RECORD_COLUMNS} FROM audit_records WHERE seq > $1::bigint ORDER BY audit_records.seq LIMIT $2`,
      [after, batchSize],
    );
    if (rows.length > 0) yield rows.map(toAuditRecord);
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/** The checkpoints up to `lastId`, in (position, id) order. */
async function* storedCheckpoints(
  db: SqlExecutor,
  lastId: string,
  batchSize: number,
): AsyncGenerator<StoredCheckpoint> {
  let after = { seq: MIN_BIGINT, id: '0' };
  for (;;) {
    const rows = await db.query<CheckpointRow>(
      `SELECT id::text AS id, seq::text AS seq, hash, key_id, signature FROM audit_checkpoints
        WHERE (seq, id) > ($1::bigint, $2::bigint) AND id <= $3::bigint ORDER BY audit_checkpoints.seq, audit_checkpoints.id LIMIT $4`,
      [after.seq, after.id, lastId, batchSize],
    );
    for (const row of rows)
      yield { id: row.id, seq: Number(row.seq), hash: row.hash, keyId: row.key_id, signature: row.signature };
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { seq: last.seq, id: last.id };
  }
}

interface Peekable<T> {
  peek(): Promise<T | undefined>;
  next(): Promise<void>;
}

function peekable<T>(source: AsyncGenerator<T>): Peekable<T> {
  let current: Promise<IteratorResult<T>> | undefined;
  return {
    peek: async () => {
      current ??= source.next();
      const result = await current;
      return result.done ? undefined : result.value;
    },
    next: async () => {
      current ??= source.next();
      await current;
      current = undefined;
    },
  };
}
