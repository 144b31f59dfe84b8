import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FileAuditCheckpointPublisher } from '../../../src/infrastructure/audit-checkpoints/file-audit-checkpoint-publisher';
import { signAuditHead } from '../../../src/projections/audit-trail/audit-checkpoint';
import { parseAuditCheckpointLines } from '../../../src/projections/audit-trail/audit-checkpoint-lines';
import { auditSignerFromPem } from '../../../src/projections/audit-trail/audit-signing-key';
import { FixedClock } from '../../support/fixed-clock';
import { pgliteKind } from '../../support/test-databases';
import {
  auditedEvent,
  openAuditTrailWorld,
  recordSampleHistory,
  type AuditTrailWorld,
} from './audit-trail-fixture';
import { scratchDirectory } from '../../support/scratch';

const auditKey = auditSignerFromPem(
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
);
const clock = new FixedClock('2026-01-05T12:00:00.000Z');

const storedSeqs = async (world: AuditTrailWorld) =>
  (await world.db.query<{ seq: string }>('SELECT seq::text AS seq FROM audit_checkpoints ORDER BY id')).map(
    (row) => Number(row.seq),
  );

describe('every signed audit checkpoint is also kept outside the database', () => {
  let world: AuditTrailWorld;
  let dir: string;
  beforeEach(async () => {
    world = await openAuditTrailWorld(pgliteKind);
    dir = scratchDirectory('numlink-checkpoints-');
  });
  afterEach(async () => {
    await world.dispose();
  });

  it('appends each checkpoint as a JSON line to the file, one after another, never rewriting it', async () => {
    const file = path.join(dir, 'audit', 'checkpoints.jsonl');
    const publishers = [new FileAuditCheckpointPublisher(file)];
    await recordSampleHistory(world);
    const first = await signAuditHead(world.db, auditKey, clock.now(), { publishers });
    await world.record('number-request-r5', auditedEvent('OtpIssued', { requestId: 'r5' }));
    const second = await signAuditHead(world.db, auditKey, clock.now(), { publishers });
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(parseAuditCheckpointLines(text)).toEqual([first, second]);
    expect(await storedSeqs(world)).toEqual([first!.seq, second!.seq]);
  });

  it('stores no checkpoint whose copy could not be written (the next signing tries again)', async () => {
    const blocked = path.join(dir, 'not-a-directory');
    writeFileSync(blocked, 'a file where the checkpoint file wants a directory');
    await recordSampleHistory(world);
    await expect(
      signAuditHead(world.db, auditKey, clock.now(), {
        onlyIfMoved: true,
        publishers: [new FileAuditCheckpointPublisher(path.join(blocked, 'checkpoints.jsonl'))],
      }),
    ).rejects.toThrow();
    expect(await storedSeqs(world)).toEqual([]);

    const file = path.join(dir, 'checkpoints.jsonl');
    const retried = await signAuditHead(world.db, auditKey, clock.now(), {
      onlyIfMoved: true,
      publishers: [new FileAuditCheckpointPublisher(file)],
    });
    expect(retried).not.toBeNull();
    expect(parseAuditCheckpointLines(readFileSync(file, 'utf8'))).toEqual([retried]);
  });

  it('reads a file whose last line a crash cut short, and refuses one with a foreign line', () => {
    const line = JSON.stringify({
      seq: 3,
      hash: 'a'.repeat(64),
      signedAt: clock.now(),
      keyId: 'k',
      signature: 's',
    });
    expect(parseAuditCheckpointLines(`${line}\n${line.slice(0, 20)}`)).toHaveLength(1);
    expect(() => parseAuditCheckpointLines(`${line}\n{"seq":"3"}\n`)).toThrow(
      'line 2 is not an audit checkpoint',
    );
  });
});

// The Kafka copy of the checkpoints is tested beside the broker outage test, in
// test/infrastructure/kafka/kafka-publishing.int.test.ts: tests in one file never overlap, so it never meets the outage.
