import type { SqlExecutor } from '../../infrastructure/sql/sql-database';

/** The last record of the chain: its position and hash. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** The head of the chain, or null while the trail is empty. */
export async function readAuditHead(db: SqlExecutor): Promise<AuditHead | null> {
  const [row] = await db.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM audit_records ORDER BY audit_records.seq DESC LIMIT 1',
  );
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}
