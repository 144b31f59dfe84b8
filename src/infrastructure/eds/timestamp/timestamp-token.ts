import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { readableExtensionValue } from '../certificate-extensions';
import { validateCertificatePath } from '../certificate-path';
import { OID } from '../oids';
import { octets } from '../parse-signed-data';
import { isSignedWith } from '../revocation/signed-by';
import type { AlgorithmSuite } from '../signature-algorithm';
import { findSignerCertificate } from '../signer-certificate';
import type { TrustAnchors } from '../trust-anchors';

export const TIMESTAMP_OID = {
  /** The unsigned attribute signatureTimeStampToken (RFC 3161 Appendix A). */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  extendedKeyUsage: '2.5.29.37',
} as const;

export interface VerifiedTimestamp {
  readonly genTime: Date;
  /** The TSA, as its certificate's subject names it. */
  readonly tsa: string;
}

export type TimestampProblem =
  | 'timestamp_malformed'
  | 'timestamp_imprint_mismatch'
  | 'timestamp_signature_invalid'
  | 'timestamp_not_from_tsa'
  | 'timestamp_untrusted';

/** The signatureTimeStampToken attribute's ContentInfo, when the signer info carries exactly one. */
export function timestampTokenOf(signerInfo: pkijs.SignerInfo): asn1js.BaseBlock | 'absent' | 'malformed' {
  const found =
    signerInfo.unsignedAttrs?.attributes.filter(
      (attribute) => attribute.type === TIMESTAMP_OID.signatureTimeStampToken,
    ) ?? [];
  if (found.length === 0) return 'absent';
  const values: unknown = found.length === 1 ? found[0]?.values : undefined;
  const [token] = Array.isArray(values) && values.length === 1 ? (values as unknown[]) : [];
  return token instanceof asn1js.BaseBlock ? token : 'malformed';
}

const subjectName = (certificate: pkijs.Certificate): string =>
  certificate.subject.typesAndValues
    .map((attribute) => `${attribute.type}=${String(attribute.value.valueBlock.value)}`)
    .join(', ');

/**
 * RFC 3161 / SPEC §8: the token is a SignedData over a TSTInfo whose message imprint is the hash of the
 * citizen's signature value, signed by a TSA certificate (id-kp-timeStamping) that chains to the TSA
 * anchors and is valid at genTime. Answers the verified genTime, or why not.
 */
export async function verifyTimestampToken(
  token: asn1js.BaseBlock,
  signatureValue: Uint8Array,
  anchors: TrustAnchors,
  algorithms: AlgorithmSuite,
): Promise<VerifiedTimestamp | TimestampProblem> {
  let signedData: pkijs.SignedData;
  let tstInfo: pkijs.TSTInfo;
  let content: Buffer;
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: token });
    if (contentInfo.contentType !== OID.signedData) return 'timestamp_malformed';
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const eContent = signedData.encapContentInfo.eContent;
    if (signedData.encapContentInfo.eContentType !== TIMESTAMP_OID.tstInfo || eContent === undefined) {
      return 'timestamp_malformed';
    }
    content = octets(eContent);
    tstInfo = new pkijs.TSTInfo({ schema: asn1js.fromBER(content).result });
  } catch {
    return 'timestamp_malformed';
  }

  const imprintHash = algorithms.digests.get(tstInfo.messageImprint.hashAlgorithm.algorithmId);
  if (imprintHash === undefined) return 'timestamp_malformed';
  const imprint = Buffer.from(await imprintHash.digest(signatureValue));
  if (!octets(tstInfo.messageImprint.hashedMessage).equals(imprint)) return 'timestamp_imprint_mismatch';

  const [signerInfo, ...others] = signedData.signerInfos;
  const certificates = (signedData.certificates ?? []).filter(
    (certificate): certificate is pkijs.Certificate => certificate instanceof pkijs.Certificate,
  );
  const tsa = signerInfo === undefined ? undefined : findSignerCertificate(signerInfo, certificates);
  if (signerInfo === undefined || others.length > 0 || tsa === undefined) return 'timestamp_malformed';
  if (!(await signedOver(signerInfo, content, tsa, algorithms))) return 'timestamp_signature_invalid';

  const usage = readableExtensionValue(tsa.extensions, TIMESTAMP_OID.extendedKeyUsage);
  if (!(usage instanceof pkijs.ExtKeyUsage) || !usage.keyPurposes.includes(TIMESTAMP_OID.timeStamping)) {
    return 'timestamp_not_from_tsa';
  }
  const path = await validateCertificatePath(tsa, certificates, anchors, tstInfo.genTime, algorithms);
  if (!path.ok) return 'timestamp_untrusted';
  return { genTime: tstInfo.genTime, tsa: subjectName(tsa) };
}

/** The TSA's signature over the TSTInfo, through signed attributes as RFC 3161 §2.4.2 requires. */
async function signedOver(
  signerInfo: pkijs.SignerInfo,
  content: Buffer,
  tsa: pkijs.Certificate,
  algorithms: AlgorithmSuite,
): Promise<boolean> {
  const attributes = signerInfo.signedAttrs;
  const digest = algorithms.digests.get(signerInfo.digestAlgorithm.algorithmId);
  if (attributes === undefined || digest === undefined) return false;
  const value = (type: string): unknown => {
    const found = attributes.attributes.filter((attribute) => attribute.type === type);
    const values: unknown = found.length === 1 ? found[0]?.values : undefined;
    return Array.isArray(values) && values.length === 1 ? (values[0] as unknown) : undefined;
  };
  const contentType = value(OID.contentTypeAttribute);
  const messageDigest = value(OID.messageDigestAttribute);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.getValue() !== TIMESTAMP_OID.tstInfo) {
    return false;
  }
  const expected = Buffer.from(await digest.digest(content));
  if (!(messageDigest instanceof asn1js.OctetString) || !octets(messageDigest).equals(expected)) return false;
  return isSignedWith(
    {
      data: new Uint8Array(attributes.encodedValue),
      algorithm: signerInfo.signatureAlgorithm,
      signature: signerInfo.signature.valueBlock.valueHexView,
      digestAlgorithm: signerInfo.digestAlgorithm.algorithmId,
    },
    tsa,
    algorithms,
  );
}
