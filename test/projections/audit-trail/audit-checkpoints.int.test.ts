import { generateKeyPairSync, verify } from 'node:crypto';
import { auditCheckpointPayload, signAuditHead } from '../../../src/projections/audit-trail/audit-checkpoint';
import { AuditCheckpointScheduler } from '../../../src/projections/audit-trail/audit-checkpoint-scheduler';
import { readAuditHead } from '../../../src/projections/audit-trail/audit-head';
import { auditSignerFromPem } from '../../../src/projections/audit-trail/audit-signing-key';
import { verifyAuditTrail } from '../../../src/projections/audit-trail/verify-audit-trail';
import { sleep } from '../../support/events';
import { FixedClock } from '../../support/fixed-clock';
import { testDatabaseKinds } from '../../support/test-databases';
import {
  auditedEvent,
  openAuditTrailWorld,
  recordSampleHistory,
  type AuditTrailWorld,
} from './audit-trail-fixture';

const auditKey = auditSignerFromPem(
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
);

interface CheckpointRow {
  seq: string;
  hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

const storedCheckpoints = (world: AuditTrailWorld) =>
  world.db.query<CheckpointRow>(
    `SELECT seq::text AS seq, hash, to_char(signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at,
            key_id, signature FROM audit_checkpoints ORDER BY id`,
  );

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe.each(testDatabaseKinds)('signed audit checkpoints on $name', (kind) => {
  let world: AuditTrailWorld;
  const clock = new FixedClock('2026-01-05T12:00:00.000Z');
  beforeEach(async () => {
    world = await openAuditTrailWorld(kind);
  });
  afterEach(async () => {
    await world.dispose();
  });

  it('signs nothing while the trail is empty', async () => {
    expect(await signAuditHead(world.db, auditKey, clock.now())).toBeNull();
    expect(await storedCheckpoints(world)).toEqual([]);
  });

  it('signs the head: its position and hash, under the key id, verifiable with the public key', async () => {
    await recordSampleHistory(world);
    const head = (await readAuditHead(world.db))!;
    const checkpoint = await signAuditHead(world.db, auditKey, clock.now());
    expect(checkpoint).toMatchObject({ seq: head.seq, hash: head.hash, keyId: auditKey.keyId });
    const [stored] = await storedCheckpoints(world);
    expect(stored).toEqual({
      seq: String(head.seq),
      hash: head.hash,
      signed_at: '2026-01-05T12:00:00.000Z',
      key_id: auditKey.keyId,
      signature: checkpoint!.signature,
    });
    const payload = Buffer.from(`numlink-audit-v1\n${head.seq}\n${head.hash}`, 'utf8');
    expect(auditCheckpointPayload(head.seq, head.hash)).toEqual(payload);
    expect(verify(null, payload, auditKey.publicKey, Buffer.from(stored!.signature, 'base64'))).toBe(true);
  });

  it('signs again only when the head moved, when asked to', async () => {
    await recordSampleHistory(world);
    expect(await signAuditHead(world.db, auditKey, clock.now(), { onlyIfMoved: true })).not.toBeNull();
    expect(await signAuditHead(world.db, auditKey, clock.now(), { onlyIfMoved: true })).toBeNull();
    await world.record('number-request-r5', auditedEvent('OtpIssued', { requestId: 'r5' }));
    expect(await signAuditHead(world.db, auditKey, clock.now(), { onlyIfMoved: true })).not.toBeNull();
    expect((await storedCheckpoints(world)).map((row) => row.seq)).toEqual(['10', '11']);
  });

  it('keeps its checkpoints through a rebuild, which they still vouch for', async () => {
    await recordSampleHistory(world);
    await signAuditHead(world.db, auditKey, clock.now());
    await world.runner.rebuild('audit_trail');
    await world.settle();
    expect(await verifyAuditTrail(world.db, [auditKey.publicKey])).toMatchObject({ ok: true, checked: 10 });
  });

  it('the scheduler signs the head each interval when it moved, and stops', async () => {
    const scheduler = new AuditCheckpointScheduler(world.db, auditKey, clock, { intervalMs: 15 });
    scheduler.start();
    try {
      await recordSampleHistory(world);
      await until(async () => (await storedCheckpoints(world)).some((row) => row.seq === '10'));
      await sleep(60);
      const whileIdle = await storedCheckpoints(world);
      expect(whileIdle.filter((row) => row.seq === '10')).toHaveLength(1);
      await world.record('number-request-r5', auditedEvent('OtpIssued', { requestId: 'r5' }));
      await until(async () => (await storedCheckpoints(world)).some((row) => row.seq === '11'));
    } finally {
      await scheduler.stop();
    }
    const afterStop = (await storedCheckpoints(world)).length;
    await world.record('number-request-r6', auditedEvent('OtpIssued', { requestId: 'r6' }));
    await sleep(60);
    expect(await storedCheckpoints(world)).toHaveLength(afterStop);
    expect(await verifyAuditTrail(world.db, [auditKey.publicKey])).toMatchObject({ ok: true, checked: 12 });
  });
});
