import { createPrivateKey, createPublicKey, generateKeyPair, webcrypto, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { pemBlocks } from '../eds/pem';

/** The key types the development PKI and the test PKI issue: RSA 2048, ECDSA P-256, and Ed25519. */
export type KeyKind = 'rsa' | 'ecdsa' | 'ed25519';

export interface SigningKey {
  readonly kind: KeyKind;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

const generate = promisify(generateKeyPair);

export async function generateSigningKey(kind: KeyKind): Promise<SigningKey> {
  const pair =
    kind === 'rsa'
      ? await generate('rsa', { modulusLength: 2048 })
      : kind === 'ecdsa'
        ? await generate('ec', { namedCurve: 'P-256' })
        : await generate('ed25519');
  return { kind, ...pair };
}

function kindOf(key: KeyObject): KeyKind {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'rsa';
    case 'ec':
      return 'ecdsa';
    case 'ed25519':
      return 'ed25519';
    default:
      throw new Error(`unsupported key type ${String(key.asymmetricKeyType)}`);
  }
}

export function signingKeyFromPem(pemText: string): SigningKey {
  const [der] = pemBlocks(pemText, 'PRIVATE KEY');
  if (der === undefined) throw new Error('no PRIVATE KEY block');
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { kind: kindOf(privateKey), privateKey, publicKey: createPublicKey(privateKey) };
}

/** PKCS#8 PEM, the form the key files hold. */
export const privateKeyPem = (key: SigningKey): string =>
  key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

export const publicKeyInfo = (key: SigningKey): Buffer =>
  key.publicKey.export({ format: 'der', type: 'spki' });

/** The WebCrypto algorithm a certificate signature by this key uses (SHA-256 where a hash is named). */
export function webCryptoSigningAlgorithm(
  kind: KeyKind,
): webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | webcrypto.Algorithm {
  switch (kind) {
    case 'rsa':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case 'ecdsa':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    case 'ed25519':
      return { name: 'Ed25519' };
  }
}

/** The key as a WebCrypto signing key, for @peculiar/x509 to sign certificates with. */
export function toWebCryptoSigningKey(key: SigningKey): Promise<webcrypto.CryptoKey> {
  const pkcs8 = key.privateKey.export({ format: 'der', type: 'pkcs8' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, webCryptoSigningAlgorithm(key.kind), false, ['sign']);
}
