import * as asn1js from 'asn1js';
import type { JWTPayload } from 'jose';
import * as pkijs from 'pkijs';
import { parseIin, type Iin } from '../../src/domain/shared/iin';
import { instantFromMillis, toMillis, type Instant } from '../../src/domain/shared/instant';
import {
  biometricResultClaims,
  jwksOf,
  publicJwkOf,
  signBiometricToken,
} from '../../src/infrastructure/dev-pki/biometric-token';
import type { Credential } from '../../src/infrastructure/dev-pki/credential';
import { issueCertificate } from '../../src/infrastructure/dev-pki/issue-certificate';
import { DEFAULT_SCHEME, signBytes } from '../../src/infrastructure/dev-pki/sign-bytes';
import { signCms, type CmsSignatureScheme } from '../../src/infrastructure/dev-pki/sign-cms';
import {
  generateSigningKey,
  type KeyKind,
  type NodeSigningKey,
  type SigningKey,
} from '../../src/infrastructure/dev-pki/signing-key';
import { x509 } from '../../src/infrastructure/dev-pki/x509';
import { OID } from '../../src/infrastructure/eds/oids';
import { parseCertificate } from '../../src/infrastructure/eds/trust-anchors';

/**
 * A test PKI made with the development PKI's own code: CAs, signer certificates, CMS signatures over
 * bytes and ways to spoil them, and biometric tokens with any claims. Key generation is the slow part:
 * make keys once per test file (`generateSigningKey`) and pass them in.
 */
export {
  generateSigningKey,
  jwksOf,
  publicJwkOf,
  type Credential,
  type KeyKind,
  type NodeSigningKey,
  type SigningKey,
};

const DAY_MS = 24 * 60 * 60 * 1000;

function iin(text: string): Iin {
  const parsed = parseIin(text);
  if (!parsed.ok) throw new Error(`test IIN ${text} is not valid: ${parsed.error}`);
  return parsed.value;
}

export const CITIZEN_IIN = iin('900101300017');
export const OTHER_CITIZEN_IIN = iin('951220300046');

/** The instant tests verify at; certificates are valid a year either side of it unless told otherwise. */
export const VERIFIED_AT = '2026-03-02T09:00:00.000Z' as Instant;
export const daysFrom = (at: Instant, days: number): Date => new Date(toMillis(at) + days * DAY_MS);

export interface CertificateAuthorityOptions {
  readonly name: string;
  readonly key: SigningKey;
  /** Absent: a self-signed root. */
  readonly issuer?: Credential;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

export async function makeCertificateAuthority(options: CertificateAuthorityOptions): Promise<Credential> {
  const certificate = await issueCertificate({
    subject: [{ CN: [options.name] }, { O: ['numlink tests'] }],
    key: options.key,
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    notBefore: options.notBefore ?? daysFrom(VERIFIED_AT, -365),
    notAfter: options.notAfter ?? daysFrom(VERIFIED_AT, 365),
    isCertificateAuthority: true,
  });
  return { certificate, key: options.key };
}

export interface SignerCertificateOptions {
  readonly issuer: Credential;
  readonly key: SigningKey;
  /** The subject's serialNumber attribute; default `IIN` + the citizen's IIN. */
  readonly serialNumber?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** A CA certificate (key usage keyCertSign and cRLSign only) that names the citizen all the same. */
  readonly isCertificateAuthority?: boolean;
}

/** An EDS certificate as Kazakhstan's national CA issues them: `CN=<name>, SERIALNUMBER=IIN<iin>`. */
export async function makeSignerCertificate(options: SignerCertificateOptions): Promise<Credential> {
  const certificate = await issueCertificate({
    subject: [
      { CN: ['ТЕСТОВ ТЕСТ'] },
      { [OID.subjectSerialNumber]: [options.serialNumber ?? `IIN${CITIZEN_IIN}`] },
    ],
    key: options.key,
    issuer: options.issuer,
    notBefore: options.notBefore ?? daysFrom(VERIFIED_AT, -365),
    notAfter: options.notAfter ?? daysFrom(VERIFIED_AT, 365),
    isCertificateAuthority: options.isCertificateAuthority ?? false,
  });
  return { certificate, key: options.key };
}

/**
 * The credential's certificate with its extensions changed, signed again by `issuer`, the CA that issued
 * it (the signature algorithm stays the certificate's): what a careless or compromised CA could issue,
 * for tests of how such extensions are read.
 */
export function reissuedWith(
  credential: Credential,
  issuer: Credential,
  change: (extensions: readonly pkijs.Extension[]) => pkijs.Extension[],
): Credential {
  const certificate = parseCertificate(new Uint8Array(credential.certificate.rawData));
  certificate.extensions = change(certificate.extensions ?? []);
  const tbs = new Uint8Array(certificate.encodeTBS().toBER(false));
  certificate.signatureValue = new asn1js.BitString({
    valueHex: signBytes(DEFAULT_SCHEME[issuer.key.kind], issuer.key, tbs),
  });
  return {
    certificate: new x509.X509Certificate(certificate.toSchema(true).toBER(false)),
    key: credential.key,
  };
}

/** `extensions` with the one of `oid` holding `value` as it stands (its BER, readable or not). */
export const withExtensionValue =
  (oid: string, value: Uint8Array) =>
  (extensions: readonly pkijs.Extension[]): pkijs.Extension[] =>
    extensions.map((extension) =>
      extension.extnID === oid
        ? new pkijs.Extension({ extnID: oid, critical: extension.critical, extnValue: value.slice().buffer })
        : extension,
    );

export interface SignatureOptions {
  readonly scheme?: CmsSignatureScheme;
  readonly detached?: boolean;
  /** Intermediate certificates to embed. */
  readonly chain?: readonly x509.X509Certificate[];
  /** Default true: content type, signing time and message digest. */
  readonly signedAttributes?: boolean;
}

/** A base64 CMS SignedData over `content` by `signer`, signed at `VERIFIED_AT`. */
export const signOver = (content: Uint8Array, signer: Credential, options: SignatureOptions = {}): string =>
  signCms({ content, signer, signingTime: new Date(toMillis(VERIFIED_AT)), ...options });

export const trustAnchorsPem = (...authorities: readonly Credential[]): string =>
  authorities.map((authority) => authority.certificate.toString('pem')).join('\n');

/** Rewrites the SignedData of a base64 CMS, keeping everything else as it is. */
export function rewriteSignedData(cms: string, change: (signedData: pkijs.SignedData) => void): string {
  const contentInfo = new pkijs.ContentInfo({ schema: asn1js.fromBER(Buffer.from(cms, 'base64')).result });
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  change(signedData);
  contentInfo.content = signedData.toSchema(true);
  return Buffer.from(contentInfo.toSchema().toBER(false)).toString('base64');
}

function firstSignerOf(signedData: pkijs.SignedData): pkijs.SignerInfo {
  const [signerInfo] = signedData.signerInfos;
  if (signerInfo === undefined) throw new Error('the CMS has no signer');
  return signerInfo;
}

/** The same CMS with one bit of the signature value flipped. */
export const withTamperedSignatureValue = (cms: string): string =>
  rewriteSignedData(cms, (signedData) => {
    const signerInfo = firstSignerOf(signedData);
    const value = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
    value[value.length - 1] = (value[value.length - 1] ?? 0) ^ 0x01;
    signerInfo.signature = new asn1js.OctetString({ valueHex: value });
  });

/** The same CMS claiming another signature algorithm (a GOST one, say). */
export const withSignatureAlgorithm = (cms: string, algorithmId: string): string =>
  rewriteSignedData(cms, (signedData) => {
    firstSignerOf(signedData).signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId });
  });

/** The same attached CMS with its content swapped, signature and signed attributes untouched. */
export const withContent = (cms: string, content: Uint8Array): string =>
  rewriteSignedData(cms, (signedData) => {
    signedData.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: content });
  });

export interface BiometricTokenOptions {
  readonly issuer: string;
  readonly iin?: string;
  readonly requestId: string;
  /** Default: `VERIFIED_AT` less a minute. */
  readonly issuedAt?: Instant;
  readonly validForSeconds?: number;
  /** Claims to add, replace, or (with `undefined`) remove. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** The `kid` the header names; default the signing key's own. */
  readonly keyId?: string;
}

/** A biometric provider's result: "match" unless the claims say otherwise. */
export async function biometricToken(key: NodeSigningKey, options: BiometricTokenOptions): Promise<string> {
  const claims: JWTPayload = {
    ...biometricResultClaims({
      issuer: options.issuer,
      iin: options.iin ?? CITIZEN_IIN,
      requestId: options.requestId,
      issuedAt: options.issuedAt ?? instantFromMillis(toMillis(VERIFIED_AT) - 60_000),
      validForSeconds: options.validForSeconds ?? 300,
    }),
    ...options.claims,
  };
  for (const name of Object.keys(claims)) if (claims[name] === undefined) delete claims[name];
  return signBiometricToken(claims, key, options.keyId);
}
