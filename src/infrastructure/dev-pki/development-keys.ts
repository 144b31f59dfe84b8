import { createECDH, createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { pemBlocks } from '../eds/pem';
import type { SigningKey } from './signing-key';

/**
 * The development root CA and biometric provider sign with keys derived from these published labels:
 * every development install has the same ones, so production can recognise them by key wherever the
 * files were copied from (SPEC §6). Their private halves are public knowledge, like the development API
 * keys; that is the point.
 */
const DEVELOPMENT_KEY_LABELS = {
  'root-ca': 'numlink development root CA key: public, never trusted in production',
  biometric: 'numlink development biometric provider key: public, never trusted in production',
} as const;

export type DevelopmentKeyPurpose = keyof typeof DEVELOPMENT_KEY_LABELS;

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** The ECDSA P-256 key of a development purpose, derived from its label (the same on every machine). */
export function developmentSigningKey(purpose: DevelopmentKeyPurpose): SigningKey {
  const scalar = createHash('sha256').update(DEVELOPMENT_KEY_LABELS[purpose]).digest();
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(scalar); // throws if the scalar were outside the curve's order: it is not
  const point = ecdh.getPublicKey();
  const privateKey = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: base64url(scalar),
      x: base64url(point.subarray(1, 33)),
      y: base64url(point.subarray(33, 65)),
    },
    format: 'jwk',
  });
  return { kind: 'ecdsa', privateKey, publicKey: createPublicKey(privateKey) };
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** What identifies development keys: the CA's SubjectPublicKeyInfo bytes and the JWK thumbprints. */
export interface DevelopmentKeyPrints {
  readonly certificateKeys: readonly Buffer[];
  readonly jwkThumbprints: readonly string[];
}

/**
 * The published development keys, plus those a data directory's `dev-pki/` holds (made before the keys
 * were derived, or by hand): production refuses all of them.
 */
export async function developmentKeyPrints(dataDir: string): Promise<DevelopmentKeyPrints> {
  const root = developmentSigningKey('root-ca');
  const biometric = developmentSigningKey('biometric');
  const certificateKeys: Buffer[] = [root.publicKey.export({ format: 'der', type: 'spki' })];
  const jwkThumbprints = [await calculateJwkThumbprint(await exportJWK(biometric.publicKey))];
  const dir = join(dataDir, 'dev-pki');
  for (const der of pemBlocks((await readIfPresent(join(dir, 'root-ca.pem'))) ?? '', 'CERTIFICATE')) {
    certificateKeys.push(certificateKeyOf(der));
  }
  const [keyDer] = pemBlocks(
    (await readIfPresent(join(dir, 'biometric-signing-key.pem'))) ?? '',
    'PRIVATE KEY',
  );
  if (keyDer !== undefined) {
    const publicKey = createPublicKey(createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' }));
    jwkThumbprints.push(await calculateJwkThumbprint(await exportJWK(publicKey)));
  }
  return { certificateKeys, jwkThumbprints };
}

/** A certificate's SubjectPublicKeyInfo, DER. */
export const certificateKeyOf = (der: Uint8Array): Buffer =>
  new X509Certificate(der).publicKey.export({ format: 'der', type: 'spki' });

/** The indexes (from 1) of the PEM bundle's certificates whose key is a development key. */
export function developmentCertificates(pemText: string, prints: DevelopmentKeyPrints): number[] {
  return pemBlocks(pemText, 'CERTIFICATE').flatMap((der, index) => {
    let key: Buffer;
    try {
      key = certificateKeyOf(der);
    } catch {
      return []; // not a certificate: loading the anchors refuses it on its own
    }
    return prints.certificateKeys.some((known) => known.equals(key)) ? [index + 1] : [];
  });
}

/** The indexes (from 1) of the JWKS keys whose RFC 7638 thumbprint is a development key's. */
export async function developmentJwks(keys: readonly JWK[], prints: DevelopmentKeyPrints): Promise<number[]> {
  const found: number[] = [];
  for (const [index, key] of keys.entries()) {
    let thumbprint: string;
    try {
      thumbprint = await calculateJwkThumbprint(key);
    } catch {
      continue;
    }
    if (prints.jwkThumbprints.includes(thumbprint)) found.push(index + 1);
  }
  return found;
}
