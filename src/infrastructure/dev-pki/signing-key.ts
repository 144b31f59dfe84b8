import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  GOST_SCHEMES,
  littleEndianBytes,
  littleEndianInteger,
  type GostScheme,
} from '../eds/gost/kazakh-gost-algorithms';
import { publicKeyOf, randomScalar } from '../eds/gost/gost-34-10';
import { pemBlocks, toPem } from '../eds/pem';

/**
 * The key types the development PKI and the test PKI issue: RSA 2048, ECDSA P-256 and Ed25519 (Node's
 * crypto), and Kazakhstan's GOST schemes (SPEC §8; our own GOST code, for development and tests only).
 */
export type NodeKeyKind = 'rsa' | 'ecdsa' | 'ed25519';
export type GostKeyKind = 'gost2004' | 'gost2015-256' | 'gost2015-512';
export type KeyKind = NodeKeyKind | GostKeyKind;

export interface NodeSigningKey {
  readonly kind: NodeKeyKind;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface GostSigningKey {
  readonly kind: GostKeyKind;
  readonly scheme: GostScheme;
  readonly privateKey: bigint;
  /** The SubjectPublicKeyInfo in Kazakhstan's form, DER. */
  readonly publicKeyInfo: Buffer;
}

export type SigningKey = NodeSigningKey | GostSigningKey;

const GOST_KINDS: Readonly<Record<GostKeyKind, GostScheme>> = {
  gost2004: GOST_SCHEMES.GOST_2004,
  'gost2015-256': GOST_SCHEMES.GOST_2015_256,
  'gost2015-512': GOST_SCHEMES.GOST_2015_512,
};

export const isGostKey = (key: SigningKey): key is GostSigningKey => key.kind in GOST_KINDS;

const generate = promisify(generateKeyPair);

/** The key parameters of Kazakhstan's GOST keys: SEQUENCE { curve, digest }, as RFC 4491 shapes them. */
const gostKeyAlgorithm = (scheme: GostScheme) =>
  new pkijs.AlgorithmIdentifier({
    algorithmId: scheme.keyAlgorithm,
    algorithmParams: new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: scheme.curveOid }),
        new asn1js.ObjectIdentifier({ value: scheme.digestAlgorithm }),
      ],
    }),
  });

/** The GOST key with this private scalar (for keys derived from a label: the development root CA). */
export function gostKey(kind: GostKeyKind, privateKey: bigint): GostSigningKey {
  const scheme = GOST_KINDS[kind];
  const point = publicKeyOf(scheme.curve, privateKey);
  const size = scheme.curve.size;
  const spki = new pkijs.PublicKeyInfo({
    algorithm: gostKeyAlgorithm(scheme),
    subjectPublicKey: new asn1js.BitString({
      valueHex: new asn1js.OctetString({
        valueHex: Buffer.concat([littleEndianBytes(point.x, size), littleEndianBytes(point.y, size)]),
      }).toBER(false),
    }),
  });
  return { kind, scheme, privateKey, publicKeyInfo: Buffer.from(spki.toSchema().toBER(false)) };
}

export async function generateSigningKey(kind: NodeKeyKind): Promise<NodeSigningKey>;
export async function generateSigningKey(kind: KeyKind): Promise<SigningKey>;
export async function generateSigningKey(kind: KeyKind): Promise<SigningKey> {
  switch (kind) {
    case 'rsa':
      return { kind, ...(await generate('rsa', { modulusLength: 2048 })) };
    case 'ecdsa':
      return { kind, ...(await generate('ec', { namedCurve: 'P-256' })) };
    case 'ed25519':
      return { kind, ...(await generate('ed25519')) };
    default:
      return gostKey(kind, randomScalar(GOST_KINDS[kind].curve));
  }
}

function nodeKindOf(key: KeyObject): NodeKeyKind {
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

/** A PKCS#8 key: Node's kinds, or a GOST key (its private scalar an OCTET STRING, little-endian). */
export function signingKeyFromPem(pemText: string): SigningKey {
  const [der] = pemBlocks(pemText, 'PRIVATE KEY');
  if (der === undefined) throw new Error('no PRIVATE KEY block');
  const info = new pkijs.PrivateKeyInfo({ schema: asn1js.fromBER(der).result });
  const gostKind = (Object.keys(GOST_KINDS) as GostKeyKind[]).find(
    (kind) => GOST_KINDS[kind].keyAlgorithm === info.privateKeyAlgorithm.algorithmId,
  );
  if (gostKind !== undefined) {
    const scalar = asn1js.fromBER(info.privateKey.valueBlock.valueHexView).result;
    if (!(scalar instanceof asn1js.OctetString))
      throw new Error('a GOST private key must be an OCTET STRING');
    return gostKey(gostKind, littleEndianInteger(scalar.valueBlock.valueHexView));
  }
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { kind: nodeKindOf(privateKey), privateKey, publicKey: createPublicKey(privateKey) };
}

/** A key of Node's kinds (the biometric provider's keys are never GOST). */
export function nodeSigningKey(key: SigningKey): NodeSigningKey {
  if (isGostKey(key)) throw new Error('a GOST key cannot sign JWS');
  return key;
}

/** PKCS#8 PEM, the form the key files hold. */
export function privateKeyPem(key: SigningKey): string {
  if (!isGostKey(key)) return key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const info = new pkijs.PrivateKeyInfo({
    version: 0,
    privateKeyAlgorithm: gostKeyAlgorithm(key.scheme),
    privateKey: new asn1js.OctetString({
      valueHex: new asn1js.OctetString({
        valueHex: littleEndianBytes(key.privateKey, key.scheme.curve.size),
      }).toBER(false),
    }),
  });
  return toPem(new Uint8Array(info.toSchema().toBER(false)), 'PRIVATE KEY');
}

export const publicKeyInfo = (key: SigningKey): Buffer =>
  isGostKey(key) ? key.publicKeyInfo : key.publicKey.export({ format: 'der', type: 'spki' });
