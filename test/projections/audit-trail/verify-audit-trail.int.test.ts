import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { instantFromMillis } from '../../../src/domain/shared/instant';
import { auditCheckpointPayload, signAuditHead } from '../../../src/projections/audit-trail/audit-checkpoint';
import { readAuditHead } from '../../../src/projections/audit-trail/audit-head';
import { auditRecordHash } from '../../../src/projections/audit-trail/audit-record';
import {
  auditKeyId,
  auditSignerFromPem,
  type AuditSigner,
} from '../../../src/projections/audit-trail/audit-signing-key';
import { verifyAuditTrail } from '../../../src/projections/audit-trail/verify-audit-trail';
import { testDatabaseKinds } from '../../support/test-databases';
import {
  auditedEvent,
  openAuditTrailWorld,
  recordSampleHistory,
  SAMPLE_HISTORY_RECORDS,
  type AuditTrailWorld,
} from './audit-trail-fixture';
import { asDba, readRecords, rechainEverything, shiftUpFrom } from './audit-tampering';

const newSigner = (): AuditSigner =>
  auditSignerFromPem(
    generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  );
const at = instantFromMillis(Date.parse('2026-01-05T12:00:00.000Z'));

describe.each(testDatabaseKinds)('verifying the audit trail on $name', (kind) => {
  const auditKey = newSigner();
  let world: AuditTrailWorld;
  const verify = () => verifyAuditTrail(world.db, [auditKey.publicKey]);

  beforeEach(async () => {
    world = await openAuditTrailWorld(kind);
    await recordSampleHistory(world);
  });
  afterEach(async () => {
    await world.dispose();
  });

  describe('an intact trail', () => {
    it('verifies, with every record checked and its head', async () => {
      await signAuditHead(world.db, auditKey, at);
      expect(await verify()).toEqual({
        ok: true,
        checked: SAMPLE_HISTORY_RECORDS,
        head: await readAuditHead(world.db),
      });
    });

    it('verifies when empty', async () => {
      const empty = await openAuditTrailWorld(kind);
      try {
        expect(await verifyAuditTrail(empty.db, [auditKey.publicKey])).toEqual({
          ok: true,
          checked: 0,
          head: null,
        });
      } finally {
        await empty.dispose();
      }
    });

    it('verifies checkpoints signed by an earlier key that is still listed', async () => {
      const retired = newSigner();
      await signAuditHead(world.db, retired, at);
      await world.record('number-request-r5', auditedEvent('OtpIssued', { requestId: 'r5' }));
      await signAuditHead(world.db, auditKey, at);
      expect(await verifyAuditTrail(world.db, [auditKey.publicKey, retired.publicKey])).toMatchObject({
        ok: true,
        checked: SAMPLE_HISTORY_RECORDS + 1,
      });
    });

    it('walks the trail in batches and reports its progress', async () => {
      const progress: Array<{ checked: number; seq: number }> = [];
      const result = await verifyAuditTrail(world.db, [], {
        batchSize: 4,
        onProgress: (p) => progress.push(p),
      });
      expect(result.ok).toBe(true);
      expect(progress).toEqual([
        { checked: 4, seq: 4 },
        { checked: 8, seq: 8 },
        { checked: 10, seq: 10 },
      ]);
    });
  });

  describe('a changed record', () => {
    it.each([
      ['data', `data = jsonb_set(data, '{phone}', '"+77019999999"')`],
      ['type', `type = 'NumberReleased'`],
      ['stream', `stream_id = 'number-link-000000000000'`],
      ['actor principal', `actor_principal = 'someone-else'`],
      ['actor role', `actor_role = 'auditor'`],
      ['actor channel', `actor_channel = 'bank'`],
      ['correlation id', `correlation_id = 'other'`],
      ['causation id', `causation_id = 'other'`],
      ['recording time', `recorded_at = recorded_at - interval '1 day'`],
      ['event id', `event_id = '${randomUUID()}'`],
    ])('is found when its %s changed', async (_field, change) => {
      await asDba(world.db, `UPDATE audit_records SET ${change} WHERE seq = 4`);
      expect(await verify()).toMatchObject({
        ok: false,
        checked: 3,
        firstBrokenAt: { seq: 4, reason: 'hash_mismatch' },
      });
    });

    it('is found when its hash was recomputed too: the next record no longer links to it', async () => {
      const [record] = (await readRecords(world.db)).filter((r) => r.position === 6);
      const { prevHash, hash: _hash, ...content } = record!;
      const forged = { ...content, data: { ...(content.data as object), iin: '000000000000' } };
      await asDba(
        world.db,
        `UPDATE audit_records SET data = '${JSON.stringify(forged.data)}'::jsonb,
           hash = '${auditRecordHash(prevHash, forged)}' WHERE seq = 6`,
      );
      expect(await verify()).toMatchObject({
        ok: false,
        firstBrokenAt: { seq: 7, reason: 'prev_hash_mismatch' },
      });
    });
  });

  it('finds a removed record', async () => {
    await asDba(world.db, 'DELETE FROM audit_records WHERE seq = 5');
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 4,
      firstBrokenAt: { seq: 5, reason: 'sequence_gap' },
    });
  });

  it('finds a record inserted into the chain, even one hashed onto its predecessor', async () => {
    const [before] = (await readRecords(world.db)).filter((r) => r.position === 4);
    await shiftUpFrom(world.db, 5);
    const content = {
      position: 5,
      eventId: randomUUID(),
      recordedAt: before!.recordedAt,
      type: 'NumberConnected',
      streamId: 'number-link-000000000000',
      actor: { principal: 'portal', role: 'channel:portal', channel: 'portal' },
      correlationId: 'x',
      causationId: 'x',
      data: { iin: '000000000000', phone: '+77019999999' },
    };
    await asDba(
      world.db,
      `INSERT INTO audit_records (seq, event_id, recorded_at, type, stream_id, actor_principal, actor_role,
         actor_channel, correlation_id, causation_id, data, iins, phones, complaint_id, prev_hash, hash)
       VALUES (5, '${content.eventId}', '${content.recordedAt}', '${content.type}', '${content.streamId}',
         'portal', 'channel:portal', 'portal', 'x', 'x', '${JSON.stringify(content.data)}', '{}', '{}', NULL,
         '${before!.hash}', '${auditRecordHash(before!.hash, content)}')`,
    );
    // The record itself is consistent; the one it pushed up no longer sits at the position it hashed.
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 5,
      firstBrokenAt: { seq: 6, reason: 'hash_mismatch' },
    });
  });

  it('finds two records swapped', async () => {
    await asDba(
      world.db,
      `UPDATE audit_records SET seq = 1000003 WHERE seq = 3;
       UPDATE audit_records SET seq = 3 WHERE seq = 7;
       UPDATE audit_records SET seq = 7 WHERE seq = 1000003;`,
    );
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 2,
      firstBrokenAt: { seq: 3, reason: 'hash_mismatch' },
    });
  });

  it('finds a trail rewritten whole with recomputed hashes, by the signed checkpoint it contradicts', async () => {
    await signAuditHead(world.db, auditKey, at);
    await asDba(world.db, `UPDATE audit_records SET data = '{"iin": "000000000000"}' WHERE seq = 4`);
    await rechainEverything(world.db);
    // Every hash and link holds again; only the signature, made with a key the database never held, does not.
    expect(await verify()).toMatchObject({
      ok: false,
      checked: SAMPLE_HISTORY_RECORDS - 1,
      firstBrokenAt: { seq: SAMPLE_HISTORY_RECORDS, reason: 'checkpoint_mismatch' },
    });
  });

  it('names the first checkpoint a rewrite contradicts', async () => {
    await signAuditHead(world.db, auditKey, at);
    await world.record('number-request-r5', auditedEvent('OtpIssued', { requestId: 'r5' }));
    await signAuditHead(world.db, auditKey, at);
    await asDba(world.db, `UPDATE audit_records SET type = 'Forged' WHERE seq = 2`);
    await rechainEverything(world.db);
    expect(await verify()).toMatchObject({
      ok: false,
      firstBrokenAt: { seq: SAMPLE_HISTORY_RECORDS, reason: 'checkpoint_mismatch' },
    });
  });

  it('finds a checkpoint forged with another key for a rewritten trail', async () => {
    await signAuditHead(world.db, auditKey, at);
    await asDba(world.db, `DELETE FROM audit_records WHERE seq > 6`);
    await asDba(world.db, `UPDATE audit_records SET actor_principal = 'someone-else' WHERE seq = 2`);
    await rechainEverything(world.db);
    const forger = newSigner();
    await signAuditHead(world.db, forger, at);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 5,
      firstBrokenAt: { seq: 6, reason: 'checkpoint_signature_invalid' },
    });
  });

  it('finds a checkpoint that claims a known key without its signature', async () => {
    const head = (await readAuditHead(world.db))!;
    const forged = sign(null, auditCheckpointPayload(head.seq, head.hash), newSigner().privateKey).toString(
      'base64',
    );
    await world.db.query(
      `INSERT INTO audit_checkpoints (seq, hash, signed_at, key_id, signature) VALUES ($1, $2, now(), $3, $4)`,
      [head.seq, head.hash, auditKeyId(auditKey.publicKey), forged],
    );
    expect(await verify()).toMatchObject({
      ok: false,
      firstBrokenAt: { seq: head.seq, reason: 'checkpoint_signature_invalid' },
    });
  });

  it('finds records removed from the end behind a signed checkpoint', async () => {
    await signAuditHead(world.db, auditKey, at);
    await asDba(world.db, `DELETE FROM audit_records WHERE seq >= 9`);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 8,
      head: { seq: 8 },
      firstBrokenAt: { seq: 9, reason: 'truncated_after_checkpoint' },
    });
  });
});
