import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import {
  auditRecordHash,
  GENESIS_HASH,
  type AuditRecord,
} from '../../../src/projections/audit-trail/audit-record';
import {
  AUDIT_RECORD_COLUMNS,
  toAuditRecord,
  type AuditRecordRow,
} from '../../../src/projections/audit-trail/audit-record-row';

/** Runs SQL as a DBA would: with the table's append-only triggers switched off for the while. */
export async function asDba(db: SqlDatabase, sql: string): Promise<void> {
  await db.exec('ALTER TABLE audit_records DISABLE TRIGGER USER');
  try {
    await db.exec(sql);
  } finally {
    await db.exec('ALTER TABLE audit_records ENABLE TRIGGER USER');
  }
}

export async function readRecords(db: SqlDatabase): Promise<AuditRecord[]> {
  const rows = await db.query<AuditRecordRow>(
    `SELECT ${AUDIT_RECORD_COLUMNS} FROM audit_records ORDER BY audit_records.seq`,
  );
  return rows.map(toAuditRecord);
}

/** A tamperer who knows the algorithm: recomputes every link and hash so that the chain holds again. */
export async function rechainEverything(db: SqlDatabase): Promise<void> {
  let prevHash = GENESIS_HASH;
  const updates: string[] = [];
  for (const { prevHash: _p, hash: _h, ...content } of await readRecords(db)) {
    const hash = auditRecordHash(prevHash, content);
    updates.push(
      `UPDATE audit_records SET prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${content.position};`,
    );
    prevHash = hash;
  }
  await asDba(db, updates.join('\n'));
}

/** Moves the records at `from` and after one place up, leaving `from` free (seq is a primary key). */
export async function shiftUpFrom(db: SqlDatabase, from: number): Promise<void> {
  await asDba(
    db,
    `UPDATE audit_records SET seq = seq + 1000000 WHERE seq >= ${from};
     UPDATE audit_records SET seq = seq - 999999 WHERE seq >= 1000000;`,
  );
}
