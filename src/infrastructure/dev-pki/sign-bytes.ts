import { constants, createHash, sign } from 'node:crypto';
import { OID } from '../eds/oids';
import { signGost } from '../eds/gost/gost-34-10';
import { littleEndianBytes, littleEndianInteger } from '../eds/gost/kazakh-gost-algorithms';
import { isGostKey, type KeyKind, type SigningKey } from './signing-key';

/** How a key signs: RSA keys may sign PKCS#1 v1.5 or PSS; a GOST key signs its own scheme. */
export type SignatureScheme =
  'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'ed25519' | 'gost2004' | 'gost2015-256' | 'gost2015-512';

export const DEFAULT_SCHEME: Readonly<Record<KeyKind, SignatureScheme>> = {
  rsa: 'rsa-pkcs1',
  ecdsa: 'ecdsa',
  ed25519: 'ed25519',
  gost2004: 'gost2004',
  'gost2015-256': 'gost2015-256',
  'gost2015-512': 'gost2015-512',
};

export const PSS_SALT_LENGTH = 32;

/** The digest a CMS signer with this key names: its GOST scheme's hash, SHA-256 otherwise. */
export const digestAlgorithmOf = (key: SigningKey): string =>
  isGostKey(key) ? key.scheme.digestAlgorithm : OID.sha256;

export const digestWith = (key: SigningKey, data: Uint8Array): Buffer =>
  isGostKey(key) ? key.scheme.digest(data) : createHash('sha256').update(data).digest();

/** The signature value over `data`; GOST in Kazakhstan's form, r || s little-endian (SPEC §8). */
export function signBytes(scheme: SignatureScheme, key: SigningKey, data: Uint8Array): Buffer {
  if (isGostKey(key)) {
    if (scheme !== key.kind) throw new Error(`a ${key.kind} key cannot sign ${scheme}`);
    const size = key.scheme.curve.size;
    const { r, s } = signGost(key.scheme.curve, key.privateKey, littleEndianInteger(key.scheme.digest(data)));
    return Buffer.concat([littleEndianBytes(r, size), littleEndianBytes(s, size)]);
  }
  switch (scheme) {
    case 'rsa-pkcs1':
    case 'ecdsa':
      return sign('sha256', data, key.privateKey);
    case 'rsa-pss':
      return sign('sha256', data, {
        key: key.privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: PSS_SALT_LENGTH,
      });
    case 'ed25519':
      return sign(null, data, key.privateKey);
    default:
      throw new Error(`a ${key.kind} key cannot sign ${scheme}`);
  }
}
