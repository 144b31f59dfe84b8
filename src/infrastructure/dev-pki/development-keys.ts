import { createECDH, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { pemBlocks } from '../eds/pem';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { GOST_SCHEMES } from '../eds/gost/kazakh-gost-algorithms';
import { gostKey, type GostSigningKey, type NodeSigningKey, type SigningKey } from './signing-key';

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

/** The biometric provider's ECDSA P-256 key, derived from its label (the same on every machine). */
function developmentEcdsaKey(label: string): NodeSigningKey {
  const scalar = createHash('sha256').update(label).digest();
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

/** The root CA's GOST 34.10-2015 (512) key (SPEC §8: what NCA RK issues), derived from its label. */
function developmentGostKey(label: string): GostSigningKey {
  const q = GOST_SCHEMES.GOST_2015_512.curve.q;
  const digest = createHash('sha512').update(label).digest('hex');
  return gostKey('gost2015-512', (BigInt(`0x${digest}`) % (q - 1n)) + 1n);
}

/** The key of a development purpose, derived from its published label: the same on every machine. */
export function developmentSigningKey(purpose: 'root-ca'): GostSigningKey;
export function developmentSigningKey(purpose: 'biometric'): NodeSigningKey;
export function developmentSigningKey(purpose: DevelopmentKeyPurpose): SigningKey {
  return purpose === 'root-ca'
    ? developmentGostKey(DEVELOPMENT_KEY_LABELS[purpose])
    : developmentEcdsaKey(DEVELOPMENT_KEY_LABELS[purpose]);
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
  const certificateKeys: Buffer[] = [root.publicKeyInfo];
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

/** A certificate's SubjectPublicKeyInfo, DER (read with pkijs: Node's X509 cannot read GOST keys). */
export function certificateKeyOf(der: Uint8Array): Buffer {
  const certificate = new pkijs.Certificate({ schema: asn1js.fromBER(der).result });
  return Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER(false));
}

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
