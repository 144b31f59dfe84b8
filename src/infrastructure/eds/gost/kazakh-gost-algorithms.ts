import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../oids';
import type {
  AlgorithmSuite,
  DigestAlgorithm,
  SignatureAlgorithm,
  SignedBytes,
} from '../signature-algorithm';
import { gost34311 } from './gost-34-311-95';
import { verifyGost, type GostPublicKey } from './gost-34-10';
import { CRYPTOPRO_A, TC26_256_A, TC26_512_A, type GostCurve } from './gost-curves';
import { streebog256, streebog512 } from './streebog';

/**
 * Kazakhstan's GOST signatures as NCA RK certificates and CMS carry them (SPEC §8): GOST 34.310-2004
 * with GOST 34.311-95, GOST 34.10-2015 (256 and 512) with Streebog. The conventions, each applied here
 * and nowhere else:
 * - the public key is an OCTET STRING of X || Y, each little-endian (as RFC 4491);
 * - the digest is read as a little-endian integer (as RFC 4491 and BouncyCastle);
 * - the signature value is r || s, each little-endian: the byte reverse of the Russian s || r big-endian.
 */
interface GostScheme {
  readonly keyAlgorithm: string;
  /** The curve OID the key's parameters must name, and the curve it stands for. */
  readonly curveOid: string;
  readonly curve: GostCurve;
  /** The signature OID, which names the hash too. */
  readonly signatureAlgorithm: string;
  readonly digestAlgorithm: string;
  readonly digest: (data: Uint8Array) => Buffer;
}

const GOST_2004: GostScheme = {
  keyAlgorithm: OID.gost2004Key,
  curveOid: OID.gost2004Curve,
  curve: CRYPTOPRO_A,
  signatureAlgorithm: OID.gost2004Signature,
  digestAlgorithm: OID.gost34311,
  digest: gost34311,
};
const GOST_2015_256: GostScheme = {
  keyAlgorithm: OID.gost2015Key256,
  curveOid: OID.gost2015Curve256,
  curve: TC26_256_A,
  signatureAlgorithm: OID.gost2015Signature256,
  digestAlgorithm: OID.streebog256,
  digest: streebog256,
};
const GOST_2015_512: GostScheme = {
  keyAlgorithm: OID.gost2015Key512,
  curveOid: OID.gost2015Curve512,
  curve: TC26_512_A,
  signatureAlgorithm: OID.gost2015Signature512,
  digestAlgorithm: OID.streebog512,
  digest: streebog512,
};

export const littleEndianInteger = (bytes: Uint8Array): bigint =>
  bytes.byteLength === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);

export function littleEndianBytes(value: bigint, size: number): Buffer {
  const hex = value.toString(16).padStart(size * 2, '0');
  if (hex.length > size * 2) throw new Error('value too large');
  return Buffer.from(hex, 'hex').reverse();
}

/** The curve OID of GOST key parameters: a SEQUENCE whose first element is it, or the OID alone. */
function curveOidOf(parameters: unknown): string | undefined {
  if (parameters instanceof asn1js.ObjectIdentifier) return parameters.getValue();
  if (parameters instanceof asn1js.Sequence) {
    const [first] = parameters.valueBlock.value;
    return first instanceof asn1js.ObjectIdentifier ? first.getValue() : undefined;
  }
  return undefined;
}

/** The public key of a Kazakh GOST SubjectPublicKeyInfo of this scheme; undefined for anything else. */
export function gostPublicKeyOf(scheme: GostScheme, spkiDer: Uint8Array): GostPublicKey | undefined {
  const asn1 = asn1js.fromBER(spkiDer);
  if (asn1.offset === -1) return undefined;
  const spki = new pkijs.PublicKeyInfo({ schema: asn1.result });
  if (spki.algorithm.algorithmId !== scheme.keyAlgorithm) return undefined;
  if (curveOidOf(spki.algorithm.algorithmParams) !== scheme.curveOid) return undefined;
  const wrapped = asn1js.fromBER(spki.subjectPublicKey.valueBlock.valueHexView);
  if (wrapped.offset === -1 || !(wrapped.result instanceof asn1js.OctetString)) return undefined;
  const point = wrapped.result.valueBlock.valueHexView;
  const size = scheme.curve.size;
  if (point.byteLength !== 2 * size) return undefined;
  return {
    x: littleEndianInteger(point.subarray(0, size)),
    y: littleEndianInteger(point.subarray(size)),
  };
}

/**
 * The signature strategy of one scheme. `fixedDigest`: the signature OID names the hash, and a CMS
 * signer naming another digest is refused; otherwise (the key OID used as signature OID, as some
 * signers write) the CMS digest must be the scheme's hash.
 */
function gostSignature(scheme: GostScheme): SignatureAlgorithm {
  return {
    verify: async (signed: SignedBytes) => {
      if (signed.digestAlgorithm !== undefined && signed.digestAlgorithm !== scheme.digestAlgorithm)
        return false;
      const key = gostPublicKeyOf(scheme, signed.publicKeyInfo);
      const size = scheme.curve.size;
      if (key === undefined || signed.signature.byteLength !== 2 * size) return false;
      const r = littleEndianInteger(signed.signature.subarray(0, size));
      const s = littleEndianInteger(signed.signature.subarray(size));
      const alpha = littleEndianInteger(scheme.digest(signed.data));
      return verifyGost(scheme.curve, key, alpha, { r, s });
    },
  };
}

const digestOf = (scheme: GostScheme): DigestAlgorithm => ({ digest: async (data) => scheme.digest(data) });

export const GOST_SCHEMES = { GOST_2004, GOST_2015_256, GOST_2015_512 } as const;
export type { GostScheme };

/** The GOST algorithms of NCA RK, by their Kazakh OIDs (SPEC §8). */
export const KAZAKH_GOST_ALGORITHMS: AlgorithmSuite = {
  signatures: new Map<string, SignatureAlgorithm>([
    [OID.gost2004Signature, gostSignature(GOST_2004)],
    [OID.gost2004Key, gostSignature(GOST_2004)],
    [OID.gost2015Signature256, gostSignature(GOST_2015_256)],
    [OID.gost2015Key256, gostSignature(GOST_2015_256)],
    [OID.gost2015Signature512, gostSignature(GOST_2015_512)],
    [OID.gost2015Key512, gostSignature(GOST_2015_512)],
  ]),
  digests: new Map([
    [OID.gost34311, digestOf(GOST_2004)],
    [OID.streebog256, digestOf(GOST_2015_256)],
    [OID.streebog512, digestOf(GOST_2015_512)],
  ]),
};
