import { constants, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { BoundedMap } from '../../application/bounded-map';
import { KAZAKH_GOST_ALGORITHMS } from './gost/kazakh-gost-algorithms';
import { OID } from './oids';
import {
  withAlgorithms,
  type AlgorithmSuite,
  type DigestAlgorithm,
  type SignatureAlgorithm,
} from './signature-algorithm';

/** SHA-2 only: SHA-1 signatures are no longer accepted as an EDS. */
const HASH_NAMES: ReadonlyMap<string, string> = new Map([
  [OID.sha256, 'sha256'],
  [OID.sha384, 'sha384'],
  [OID.sha512, 'sha512'],
]);

const nodeDigest = (hash: string): DigestAlgorithm => ({
  digest: async (data) => createHash(hash).update(data).digest(),
});

/**
 * A SubjectPublicKeyInfo as Node's key object. Keys seen again (the CAs', which verify every chain) are
 * read once; Node parses the DER anew for each `createPublicKey`. A small map, the least recently used
 * key out, so that citizens' keys, each seen once, never push out a CA's.
 */
const keyObjects = new BoundedMap<string, KeyObject>(32);

export function publicKeyObjectOf(publicKeyInfo: Uint8Array): KeyObject {
  const der = Buffer.from(publicKeyInfo);
  const id = der.toString('base64');
  const key = keyObjects.get(id) ?? createPublicKey({ key: der, format: 'der', type: 'spki' });
  keyObjects.set(id, key);
  return key;
}

/** RSA PKCS#1 v1.5 or ECDSA (DER-encoded signature values), with the hash the OID or the signer names. */
function plainSignature(keyType: 'rsa' | 'ec', fixedHash?: string): SignatureAlgorithm {
  return {
    verify: async (signed) => {
      const hash =
        fixedHash ??
        (signed.digestAlgorithm === undefined ? undefined : HASH_NAMES.get(signed.digestAlgorithm));
      const key = publicKeyObjectOf(signed.publicKeyInfo);
      if (hash === undefined || key.asymmetricKeyType !== keyType) return false;
      return verify(hash, signed.data, key, signed.signature);
    },
  };
}

/** RSASSA-PSS (RFC 4055) with its parameters; MGF1 must use the message hash, as Node computes it. */
const rsaPss: SignatureAlgorithm = {
  verify: async (signed) => {
    if (signed.parameters === undefined) return false;
    const params = new pkijs.RSASSAPSSParams({ schema: asn1js.fromBER(signed.parameters).result });
    const hash = HASH_NAMES.get(params.hashAlgorithm.algorithmId);
    const mgf = params.maskGenAlgorithm;
    const mgfHash =
      mgf.algorithmParams instanceof asn1js.Sequence
        ? new pkijs.AlgorithmIdentifier({ schema: mgf.algorithmParams }).algorithmId
        : undefined;
    const key = publicKeyObjectOf(signed.publicKeyInfo);
    if (hash === undefined || mgf.algorithmId !== OID.mgf1 || mgfHash !== params.hashAlgorithm.algorithmId)
      return false;
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') return false;
    return verify(
      hash,
      signed.data,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength },
      signed.signature,
    );
  },
};

/** RSA (PKCS#1 v1.5 and PSS) and ECDSA with SHA-2 (SPEC R16). */
const RSA_AND_ECDSA: AlgorithmSuite = {
  signatures: new Map<string, SignatureAlgorithm>([
    [OID.rsaEncryption, plainSignature('rsa')],
    [OID.sha256WithRsa, plainSignature('rsa', 'sha256')],
    [OID.sha384WithRsa, plainSignature('rsa', 'sha384')],
    [OID.sha512WithRsa, plainSignature('rsa', 'sha512')],
    [OID.rsassaPss, rsaPss],
    [OID.ecPublicKey, plainSignature('ec')],
    [OID.ecdsaWithSha256, plainSignature('ec', 'sha256')],
    [OID.ecdsaWithSha384, plainSignature('ec', 'sha384')],
    [OID.ecdsaWithSha512, plainSignature('ec', 'sha512')],
  ]),
  digests: new Map([...HASH_NAMES].map(([oid, hash]) => [oid, nodeDigest(hash)])),
};

/** RSA and ECDSA with SHA-2 (SPEC R16), and Kazakhstan's GOST algorithms (SPEC §8). */
export const DEFAULT_ALGORITHMS: AlgorithmSuite = withAlgorithms(RSA_AND_ECDSA, KAZAKH_GOST_ALGORITHMS);
