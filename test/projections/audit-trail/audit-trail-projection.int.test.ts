import { readAuditHead } from '../../../src/projections/audit-trail/audit-head';
import { GENESIS_HASH } from '../../../src/projections/audit-trail/audit-record';
import { AUDIT_TRAIL_PROJECTION } from '../../../src/projections/audit-trail/audit-trail-projection';
import { verifyAuditTrail } from '../../../src/projections/audit-trail/verify-audit-trail';
import { testDatabaseKinds } from '../../support/test-databases';
import {
  auditedEvent,
  openAuditTrailWorld,
  PORTAL,
  recordSampleHistory,
  REVIEWER,
  SAMPLE_HISTORY_RECORDS,
  type AuditTrailWorld,
} from './audit-trail-fixture';

interface StoredRow {
  seq: string;
  event_id: string;
  type: string;
  stream_id: string;
  actor_principal: string;
  actor_role: string;
  actor_channel: string | null;
  data: unknown;
  prev_hash: string;
  hash: string;
}

const storedRows = (world: AuditTrailWorld) =>
  world.db.query<StoredRow>(
    `SELECT seq::text AS seq, event_id::text AS event_id, type, stream_id, actor_principal, actor_role,
            actor_channel, data, prev_hash, hash
       FROM audit_records ORDER BY audit_records.seq`,
  );

describe.each(testDatabaseKinds)('the audit trail projection on $name', (kind) => {
  let world: AuditTrailWorld;
  beforeEach(async () => {
    world = await openAuditTrailWorld(kind);
  });
  afterEach(async () => {
    await world.dispose();
  });

  it('records every audited event once, in the global order, at positions 1, 2, 3…', async () => {
    await recordSampleHistory(world);
    const events = (await world.store.readAll({ from: { commit: 0n, prepare: 0n }, limit: 100 })).filter(
      (event) => event.type !== 'Unaudited',
    );
    const rows = await storedRows(world);
    expect(rows.map((row) => row.event_id)).toEqual(events.map((event) => event.eventId));
    expect(rows.map((row) => Number(row.seq))).toEqual(events.map((_, i) => i + 1));
    expect(rows).toHaveLength(SAMPLE_HISTORY_RECORDS);
  });

  it('keeps the envelope: type, stream, actor with or without a channel, and the data', async () => {
    await world.record(
      'complaint-c9',
      auditedEvent('ComplaintRecorded', { complaintId: 'c9', subject: 'late' }, PORTAL),
      auditedEvent('ComplaintForwarded', { complaintId: 'c9', to: 'higher_body' }, REVIEWER),
    );
    expect(await storedRows(world)).toEqual([
      expect.objectContaining({
        type: 'ComplaintRecorded',
        stream_id: 'complaint-c9',
        actor_principal: 'portal',
        actor_role: 'channel:portal',
        actor_channel: 'portal',
        data: { complaintId: 'c9', subject: 'late' },
      }),
      expect.objectContaining({
        type: 'ComplaintForwarded',
        actor_principal: 'reviewer-1',
        actor_role: 'reviewer',
        actor_channel: null,
      }),
    ]);
  });

  it('chains each record to the one before it, the first to 64 zeros', async () => {
    await recordSampleHistory(world);
    const rows = await storedRows(world);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((row) => row.hash)).size).toBe(rows.length);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.hash))).toBe(true);
    expect(await readAuditHead(world.db)).toEqual({ seq: rows.length, hash: rows[rows.length - 1]!.hash });
  });

  it('hashes what it stores: the whole chain verifies as read back from the table', async () => {
    await recordSampleHistory(world);
    expect(await verifyAuditTrail(world.db, [])).toEqual({
      ok: true,
      checked: SAMPLE_HISTORY_RECORDS,
      head: await readAuditHead(world.db),
    });
  });

  it('rebuilds from position zero to the identical chain', async () => {
    await recordSampleHistory(world);
    const before = await storedRows(world);
    await world.runner.rebuild(AUDIT_TRAIL_PROJECTION);
    await world.settle();
    const after = await storedRows(world);
    expect(after).toEqual(before);
    expect(after).toHaveLength(SAMPLE_HISTORY_RECORDS);
  });

  it('continues the chain after a restart of the runner, from the stored head', async () => {
    await recordSampleHistory(world);
    await world.runner.stop();
    await world.append('number-request-r9', auditedEvent('OtpIssued', { requestId: 'r9' }));
    world.runner.start();
    await world.settle();
    const rows = await storedRows(world);
    expect(rows).toHaveLength(SAMPLE_HISTORY_RECORDS + 1);
    expect(rows[SAMPLE_HISTORY_RECORDS]!.prev_hash).toBe(rows[SAMPLE_HISTORY_RECORDS - 1]!.hash);
    expect((await verifyAuditTrail(world.db, [])).ok).toBe(true);
  });

  it('refuses to update a record', async () => {
    await recordSampleHistory(world);
    await expect(world.db.query(`UPDATE audit_records SET type = 'Forged' WHERE seq = 3`)).rejects.toThrow(
      /append-only/,
    );
    expect(await world.db.query(`SELECT 1 FROM audit_records WHERE type = 'Forged'`)).toEqual([]);
  });

  it('refuses to delete some records, or to truncate the table', async () => {
    await recordSampleHistory(world);
    await expect(world.db.query('DELETE FROM audit_records WHERE seq = 3')).rejects.toThrow(/append-only/);
    await expect(world.db.query('TRUNCATE audit_records')).rejects.toThrow(/append-only/);
    expect(await storedRows(world)).toHaveLength(SAMPLE_HISTORY_RECORDS);
  });

  it('refuses to change or delete a signed checkpoint', async () => {
    await world.db.query(
      `INSERT INTO audit_checkpoints (seq, hash, signed_at, key_id, signature) VALUES (1, 'h', now(), 'k', 's')`,
    );
    await expect(world.db.query(`UPDATE audit_checkpoints SET seq = 2`)).rejects.toThrow(/append-only/);
    await expect(world.db.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
    await expect(world.db.query('TRUNCATE audit_checkpoints')).rejects.toThrow(/append-only/);
    expect(await world.db.query('SELECT seq FROM audit_checkpoints')).toHaveLength(1);
  });
});
