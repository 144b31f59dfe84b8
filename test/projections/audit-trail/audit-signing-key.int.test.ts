import { createHash, generateKeyPairSync } from 'node:crypto';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  auditKeyId,
  auditPublicKeyFromPem,
  ensureAuditSigningKey,
  loadAuditSigningKey,
} from '../../../src/projections/audit-trail/audit-signing-key';
import { scratchDirectory } from '../../support/scratch';

const ed25519Pem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('the audit signing key', () => {
  let dir: string;
  beforeEach(async () => {
    dir = scratchDirectory('numlink-audit-key-');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is made once under the data directory in development, readable by its owner only', async () => {
    const first = await ensureAuditSigningKey(dir);
    const second = await ensureAuditSigningKey(dir);
    expect(second.keyId).toBe(first.keyId);
    const file = join(dir, 'audit-signing-key.pem');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await loadAuditSigningKey(file)).keyId).toBe(first.keyId);
  });

  it('loads from PEM text or from a file path, to the same key, with its public key derived', async () => {
    const pem = ed25519Pem();
    const file = join(dir, 'key.pem');
    await writeFile(file, pem);
    const fromText = await loadAuditSigningKey(pem);
    const fromFile = await loadAuditSigningKey(file);
    expect(fromFile.keyId).toBe(fromText.keyId);
    expect(fromText.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(auditKeyId(auditPublicKeyFromPem(pem))).toBe(fromText.keyId);
  });

  it('is named by the first 16 hex digits of the SHA-256 of its public key info', async () => {
    const signer = await loadAuditSigningKey(ed25519Pem());
    const spki = signer.publicKey.export({ format: 'der', type: 'spki' });
    expect(signer.keyId).toBe(createHash('sha256').update(spki).digest('hex').slice(0, 16));
    expect(signer.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses a key that is not Ed25519', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    await expect(loadAuditSigningKey(rsa)).rejects.toThrow(/Ed25519/);
  });

  it('fails on a path that names no file', async () => {
    await expect(loadAuditSigningKey(join(dir, 'absent.pem'))).rejects.toThrow(/ENOENT/);
  });
});
