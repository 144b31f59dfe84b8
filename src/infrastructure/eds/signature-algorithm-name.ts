import { OID } from './oids';

const NAMES: ReadonlyMap<string, string> = new Map([
  [OID.rsaEncryption, 'rsa'],
  [OID.sha256WithRsa, 'rsa'],
  [OID.sha384WithRsa, 'rsa'],
  [OID.sha512WithRsa, 'rsa'],
  [OID.rsassaPss, 'rsa-pss'],
  [OID.ecPublicKey, 'ecdsa'],
  [OID.ecdsaWithSha256, 'ecdsa'],
  [OID.ecdsaWithSha384, 'ecdsa'],
  [OID.ecdsaWithSha512, 'ecdsa'],
  [OID.gost2004Key, 'gost-34.310-2004'],
  [OID.gost2004Signature, 'gost-34.310-2004'],
  [OID.gost2015Key256, 'gost-34.10-2015-256'],
  [OID.gost2015Signature256, 'gost-34.10-2015-256'],
  [OID.gost2015Key512, 'gost-34.10-2015-512'],
  [OID.gost2015Signature512, 'gost-34.10-2015-512'],
]);

/** The signer's algorithm as `numlink_eds_verifications_total` labels it (a short, bounded set). */
export function signatureAlgorithmName(oid: string): string {
  return NAMES.get(oid) ?? 'other';
}
