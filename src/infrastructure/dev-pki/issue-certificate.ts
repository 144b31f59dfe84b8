import { randomBytes, type webcrypto } from 'node:crypto';
import type { Credential } from './credential';
import { publicKeyInfo, toWebCryptoSigningKey, type KeyKind, type SigningKey } from './signing-key';
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
}

const SIGNATURE_ALGORITHMS: Readonly<Record<KeyKind, webcrypto.Algorithm | webcrypto.EcdsaParams>> = {
  rsa: { name: 'RSASSA-PKCS1-v1_5' },
  ecdsa: { name: 'ECDSA', hash: 'SHA-256' },
  ed25519: { name: 'Ed25519' },
};

/** A positive serial of 16 random bytes (RFC 5280 §4.1.2.2 allows up to 20). */
const randomSerial = (): string => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
};

/** An X.509 v3 certificate with the extensions a verifier needs to build and check a path. */
export async function issueCertificate(request: CertificateToIssue): Promise<x509.X509Certificate> {
  const signer = request.issuer?.key ?? request.key;
  const subjectPublicKey = publicKeyInfo(request.key);
  const usages = request.isCertificateAuthority
    ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
    : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(request.isCertificateAuthority, undefined, true),
    new x509.KeyUsagesExtension(usages, true),
    await x509.SubjectKeyIdentifierExtension.create(subjectPublicKey),
  ];
  if (request.issuer !== undefined) {
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(request.issuer.certificate));
  }
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: request.subject,
    issuer: request.issuer?.certificate.subjectName ?? request.subject,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    publicKey: subjectPublicKey,
    signingKey: await toWebCryptoSigningKey(signer),
    signingAlgorithm: SIGNATURE_ALGORITHMS[signer.kind],
    extensions,
  });
}
