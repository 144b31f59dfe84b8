import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FileAuditCheckpointPublisher } from '../../src/infrastructure/audit-checkpoints/file-audit-checkpoint-publisher';
import { signAuditHead } from '../../src/projections/audit-trail/audit-checkpoint';
import { rechainEverything } from '../projections/audit-trail/audit-tampering';
import { instantFromMillis } from '../../src/domain/shared/instant';
import { testDatabaseKinds } from '../support/test-databases';
import { CLI_USER, CliWorld, freshIin, tamperAuditTrail } from './cli-world';
import { scratchDirectory } from '../support/scratch';

describe.each(testDatabaseKinds)('numlink audit commands on $name', (kind) => {
  let world: CliWorld;
  beforeEach(async () => {
    world = await CliWorld.open(kind);
  });
  afterEach(async () => {
    await world.close();
  });

  async function history(iin: string) {
    const other = freshIin();
    const connected = await world.connect(iin, '+77011230001');
    await world.connect(other, '+77011230002');
    const changed = await world.change(iin, '+77011230001', '+77011230003');
    await world.settle();
    return { connected, changed, other };
  }

  it('verify: an intact trail with its signed head exits 0', async () => {
    await history(freshIin());
    await signAuditHead(world.db, world.signer, instantFromMillis(Date.now()));
    const result = await world.cli('audit', 'verify');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^audit trail intact: 5 records checked, head 5 [0-9a-f]{64}\n$/);
  });

  it('verify: a record changed behind the triggers exits 1 and names it', async () => {
    await history(freshIin());
    await tamperAuditTrail(
      world.db,
      `UPDATE audit_records SET data = '{"iin":"900101300001"}' WHERE seq = 3`,
    );
    const result = await world.cli('audit', 'verify', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      checked: 2,
      firstBrokenAt: { seq: 3, reason: 'hash_mismatch' },
    });
  });

  it('verify: a checkpoint that the given public key did not sign breaks the trail', async () => {
    await history(freshIin());
    await signAuditHead(world.db, world.signer, instantFromMillis(Date.now()));
    const stranger = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' });
    const file = path.join(scratchDirectory('numlink-key-'), 'stranger.pem');
    writeFileSync(file, stranger);
    const result = await world.cli('audit', 'verify', '--public-key', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'audit trail BROKEN at record 5: checkpoint_signature_invalid (4 records intact before it)\n',
    );
  });

  /** Signs the head as the service does: the copy in the checkpoint file first, then the row. */
  async function signWithCopy(): Promise<string> {
    const file = path.join(scratchDirectory('numlink-copies-'), 'audit-checkpoints.jsonl');
    await signAuditHead(world.db, world.signer, instantFromMillis(Date.now()), {
      publishers: [new FileAuditCheckpointPublisher(file)],
    });
    return file;
  }

  /** A DBA with the triggers off: every checkpoint row deleted, so the database vouches for nothing. */
  async function deleteEveryCheckpointRow(): Promise<void> {
    await world.db.exec('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
    try {
      await world.db.exec('DELETE FROM audit_checkpoints');
    } finally {
      await world.db.exec('ALTER TABLE audit_checkpoints ENABLE TRIGGER USER');
    }
  }

  it('verify --against: an intact trail matches every checkpoint of the copy', async () => {
    await history(freshIin());
    const file = await signWithCopy();
    const result = await world.cli('audit', 'verify', '--against', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`records checked, head 5 `);
    expect(result.stdout).toContain(`; 1 checkpoints of ${file} match it`);
  });

  it('verify --against: a trail rewritten with recomputed hashes and no checkpoint rows left is found', async () => {
    await history(freshIin());
    const file = await signWithCopy();
    await tamperAuditTrail(
      world.db,
      `UPDATE audit_records SET data = '{"iin":"900101300001"}' WHERE seq = 3`,
    );
    await rechainEverything(world.db);
    await deleteEveryCheckpointRow();
    // The database alone vouches for the rewritten chain...
    expect((await world.cli('audit', 'verify')).code).toBe(0);
    // ...the copy outside does not.
    const result = await world.cli('audit', 'verify', '--against', file, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      firstBrokenAt: { seq: 5, reason: 'checkpoint_mismatch', source: 'external' },
    });
  });

  it('verify --against: a trail truncated behind a checkpoint, with no checkpoint rows left, is found', async () => {
    await history(freshIin());
    const file = await signWithCopy();
    await tamperAuditTrail(world.db, 'DELETE FROM audit_records WHERE seq > 3');
    await deleteEveryCheckpointRow();
    expect((await world.cli('audit', 'verify')).code).toBe(0);
    const result = await world.cli('audit', 'verify', '--against', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `audit trail BROKEN at record 4: truncated_after_checkpoint, found by a checkpoint of ${file} (3 records intact before it)\n`,
    );
  });

  it('verify --against: a copy that cannot be read is a failure naming it', async () => {
    await history(freshIin());
    const missing = path.join(scratchDirectory('numlink-copies-'), 'none.jsonl');
    const result = await world.cli('audit', 'verify', '--against', missing);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain(`--against ${missing}: ENOENT`);
  });

  it("export: every record about the account, over all pages, and the auditor's read is recorded", async () => {
    const iin = freshIin();
    const { connected, changed } = await history(iin);
    const result = await world.cli('audit', 'export', '--iin', iin, '--page-size', '1');
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((record) => record.type)).toEqual(['OtpIssued', 'NumberConnected', 'NumberChanged']);
    expect(lines.map((record) => record.position)).toEqual([1, 2, 5]);
    expect(lines[1]).toMatchObject({ eventId: connected.eventId, streamId: `number-link-${iin}` });
    expect(lines[2].eventId).toBe(changed.eventId);
    const reads = await world.store.readStream(`data-access-cli:${CLI_USER}`);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      type: 'PersonalDataRead',
      data: {
        readBy: `cli:${CLI_USER}`,
        role: 'auditor',
        query: 'numlink audit export',
        iin,
        filters: { iin },
      },
      metadata: { actor: { principal: `cli:${CLI_USER}`, role: 'auditor' } },
    });
  });

  it('export: --from and --to keep the records recorded in the span', async () => {
    const iin = freshIin();
    const { connected, changed } = await history(iin);
    const result = await world.cli(
      'audit',
      'export',
      '--iin',
      iin,
      '--from',
      connected.recordedAt,
      '--to',
      instantFromMillis(Date.parse(changed.recordedAt) - 1),
    );
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((record) => record.eventId)).toEqual([connected.eventId]);
  });

  it('export: by number finds the account that held it', async () => {
    const iin = freshIin();
    await history(iin);
    const result = await world.cli('audit', 'export', '--phone', '87011230003');
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((record) => record.type)).toEqual(['NumberChanged']);
  });
});
