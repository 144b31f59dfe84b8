import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOnce } from '../../infrastructure/dev-pki/write-once';

/** The Ed25519 key that signs audit checkpoints (SPEC §6 `NUMLINK_AUDIT_SIGNING_KEY`), with its id. */
export interface AuditSigner {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export const DEVELOPMENT_AUDIT_KEY_FILE = 'audit-signing-key.pem';

/** A key's id: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo (DER). */
export function auditKeyId(publicKey: KeyObject): string {
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

/** The signer of a PKCS#8 PEM private key; refuses any key that is not Ed25519. */
export function auditSignerFromPem(pem: string): AuditSigner {
  const privateKey = createPrivateKey({ key: pem, format: 'pem' });
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`the audit signing key must be Ed25519, not ${String(privateKey.asymmetricKeyType)}`);
  const publicKey = createPublicKey(privateKey);
  return { keyId: auditKeyId(publicKey), privateKey, publicKey };
}

/** The key from a PEM text, or from the file a path names (anything without a PEM header is a path). */
export async function loadAuditSigningKey(pemOrPath: string): Promise<AuditSigner> {
  const pem = pemOrPath.includes('-----BEGIN') ? pemOrPath : await readFile(pemOrPath, 'utf8');
  return auditSignerFromPem(pem);
}

/**
 * Development mode: the key under `<dataDir>/audit-signing-key.pem`, made once and kept, so that the
 * checkpoints signed yesterday still verify today. Production passes its own key instead.
 */
export async function ensureAuditSigningKey(dataDir: string): Promise<AuditSigner> {
  const pem = await createOnce(
    join(dataDir, DEVELOPMENT_AUDIT_KEY_FILE),
    async () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    0o600,
  );
  return auditSignerFromPem(pem);
}

/** The public key of a PEM text (a public key, or a private key to derive it from). */
export function auditPublicKeyFromPem(pem: string): KeyObject {
  const publicKey = createPublicKey({ key: pem, format: 'pem' });
  if (publicKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`an audit public key must be Ed25519, not ${String(publicKey.asymmetricKeyType)}`);
  return publicKey;
}
