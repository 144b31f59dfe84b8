import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../eds/oids';
import { parseCertificate } from '../eds/trust-anchors';
import type { Credential } from './credential';
import { DEFAULT_SCHEME, signBytes } from './sign-bytes';
import { isGostKey, publicKeyInfo, type SigningKey } from './signing-key';
import { x509 } from './x509';

export interface CertificateToIssue {
  readonly subject: x509.JsonName;
  /** The subject's key: the certificate carries its public half. */
  readonly key: SigningKey;
  /** Who signs it; absent: the subject itself (a self-signed root). */
  readonly issuer?: Credential;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** A CA may issue certificates (basicConstraints cA); an end entity signs documents. */
  readonly isCertificateAuthority: boolean;
  /** End entities: key usage bits (default digitalSignature + nonRepudiation, a signing certificate). */
  readonly keyUsage?: number;
  /** End entities: extended key usage purposes, when the certificate lists them. */
  readonly extendedKeyUsages?: readonly string[];
}

/** KeyUsage bits (RFC 5280 §4.2.1.3) as the first byte of the BIT STRING. */
export const KEY_USAGE = {
  digitalSignature: 0x80,
  nonRepudiation: 0x40,
  keyEncipherment: 0x20,
  keyCertSign: 0x04,
  cRLSign: 0x02,
} as const;

/** A positive serial of 16 random bytes (RFC 5280 §4.1.2.2 allows up to 20). */
const randomSerial = (): Buffer => {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes;
};

/** The certificate signature algorithm of the issuer's key (SHA-256 where a hash is named). */
function signatureAlgorithm(key: SigningKey): pkijs.AlgorithmIdentifier {
  if (isGostKey(key)) return new pkijs.AlgorithmIdentifier({ algorithmId: key.scheme.signatureAlgorithm });
  switch (key.kind) {
    case 'rsa':
      return new pkijs.AlgorithmIdentifier({
        algorithmId: OID.sha256WithRsa,
        algorithmParams: new asn1js.Null(),
      });
    case 'ecdsa':
      return new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
    case 'ed25519':
      return new pkijs.AlgorithmIdentifier({ algorithmId: OID.ed25519 });
  }
}

const keyUsageBits = (bits: number): asn1js.BitString => {
  let unused = 0;
  while (unused < 7 && ((bits >> unused) & 1) === 0) unused++;
  return new asn1js.BitString({ valueHex: Uint8Array.of(bits), unusedBits: unused });
};

const extension = (extnID: string, critical: boolean, value: asn1js.BaseBlock) =>
  new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
const keyIdentifier = (spki: pkijs.PublicKeyInfo): Buffer =>
  createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest();

const nameOf = (json: x509.JsonName): pkijs.RelativeDistinguishedNames =>
  new pkijs.RelativeDistinguishedNames({
    schema: asn1js.fromBER(new x509.Name(json).toArrayBuffer()).result,
  });

/**
 * An X.509 v3 certificate with the extensions a verifier needs to build and check a path, signed with
 * any development key (GOST included: @peculiar/x509 signs through WebCrypto, which has no GOST).
 */
export async function issueCertificate(request: CertificateToIssue): Promise<x509.X509Certificate> {
  const signer = request.issuer?.key ?? request.key;
  const issuerCertificate =
    request.issuer === undefined
      ? undefined
      : parseCertificate(new Uint8Array(request.issuer.certificate.rawData));
  const subjectPublicKey = new pkijs.PublicKeyInfo({
    schema: asn1js.fromBER(publicKeyInfo(request.key)).result,
  });

  const extensions = [
    extension(
      OID.basicConstraints,
      true,
      new pkijs.BasicConstraints({ cA: request.isCertificateAuthority }).toSchema(),
    ),
    extension(
      OID.keyUsage,
      true,
      keyUsageBits(
        request.isCertificateAuthority
          ? KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign
          : (request.keyUsage ?? KEY_USAGE.digitalSignature | KEY_USAGE.nonRepudiation),
      ),
    ),
    extension(
      OID.subjectKeyIdentifier,
      false,
      new asn1js.OctetString({ valueHex: keyIdentifier(subjectPublicKey) }),
    ),
  ];
  if (issuerCertificate !== undefined) {
    extensions.push(
      extension(
        OID.authorityKeyIdentifier,
        false,
        new pkijs.AuthorityKeyIdentifier({
          keyIdentifier: new asn1js.OctetString({
            valueHex: keyIdentifier(issuerCertificate.subjectPublicKeyInfo),
          }),
        }).toSchema(),
      ),
    );
  }
  if (request.extendedKeyUsages !== undefined) {
    extensions.push(
      extension(
        OID.extendedKeyUsage,
        false,
        new pkijs.ExtKeyUsage({ keyPurposes: [...request.extendedKeyUsages] }).toSchema(),
      ),
    );
  }

  const algorithm = signatureAlgorithm(signer);
  const certificate = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: randomSerial() }),
    signature: algorithm,
    issuer: issuerCertificate?.subject ?? nameOf(request.subject),
    notBefore: new pkijs.Time({ type: 1, value: request.notBefore }),
    notAfter: new pkijs.Time({ type: 1, value: request.notAfter }),
    subject: nameOf(request.subject),
    subjectPublicKeyInfo: subjectPublicKey,
    extensions,
  });
  const tbs = new Uint8Array(certificate.encodeTBS().toBER(false));
  certificate.signatureAlgorithm = algorithm;
  certificate.signatureValue = new asn1js.BitString({
    valueHex: signBytes(DEFAULT_SCHEME[signer.kind], signer, tbs),
  });
  return new x509.X509Certificate(certificate.toSchema(true).toBER(false));
}
