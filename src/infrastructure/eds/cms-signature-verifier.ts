import * as asn1js from 'asn1js';
import { signatureAlgorithmName } from './signature-algorithm-name';
import * as pkijs from 'pkijs';
import type { SignatureCheck, SignatureToVerify } from '../../application/ports/signature-verifier';
import { SignatureVerifier } from '../../application/ports/signature-verifier';
import type { Iin } from '../../domain/shared/iin';
import { instantFromMillis, toMillis, type Instant } from '../../domain/shared/instant';
import { derOf, publicKeyInfoOf } from './certificate-der';
import { validateCertificatePath } from './certificate-path';
import { DEFAULT_ALGORITHMS } from './default-algorithms';
import { OID } from './oids';
import { octets, parseSignedData } from './parse-signed-data';
import { invalidWithoutPath, type CheckWithPath, type PathVerifier } from './path-verifier';
import type { AlgorithmSuite } from './signature-algorithm';
import { findSignerCertificate } from './signer-certificate';
import { signerRefusal } from './signer-policy';
import { iinNamedBy } from './signer-iin';
import type { TrustAnchors } from './trust-anchors';

/** The values of the one signed attribute of this type; undefined when it is absent or repeated. */
function attributeValues(signerInfo: pkijs.SignerInfo, type: string): unknown[] | undefined {
  const found = signerInfo.signedAttrs?.attributes.filter((attribute) => attribute.type === type) ?? [];
  const values: unknown = found.length === 1 ? found[0]?.values : undefined;
  return Array.isArray(values) && values.length === 1 ? values : undefined;
}

function signingTimeOf(signerInfo: pkijs.SignerInfo): Instant | undefined {
  const [time] = attributeValues(signerInfo, OID.signingTimeAttribute) ?? [];
  if (time instanceof asn1js.UTCTime || time instanceof asn1js.GeneralizedTime) {
    return instantFromMillis(time.toDate().getTime());
  }
  return undefined;
}

/**
 * Verifies a CMS SignedData over `dataToSign` (SPEC R16): one signer, the signed content exactly
 * `dataToSign` (attached or detached), its signature (over the signed attributes, whose message digest
 * must match), the signer certificate chained to a trust anchor and valid at `at`, and its subject
 * serialNumber `IIN` + the expected IIN; and only an individual's signing certificate (SPEC §8). Checks run
 * in that order (the certificate's kind before its chain), so the first failure names the code.
 */
export class CmsSignatureVerifier extends SignatureVerifier implements PathVerifier {
  constructor(
    private readonly trustAnchors: TrustAnchors,
    private readonly algorithms: AlgorithmSuite = DEFAULT_ALGORITHMS,
  ) {
    super();
  }

  override async verify(input: SignatureToVerify): Promise<SignatureCheck> {
    return (await this.verifyWithPath(input)).check;
  }

  async verifyWithPath(input: SignatureToVerify): Promise<CheckWithPath> {
    const parsed = parseSignedData(input.signature);
    if (!parsed.ok) return invalidWithoutPath('signature_invalid', parsed.error);
    return this.verifySignedData(parsed.value, input);
  }

  /** The same checks over `input.signature` already parsed (the timestamp reader parses it first). */
  async verifySignedData(signedData: pkijs.SignedData, input: SignatureToVerify): Promise<CheckWithPath> {
    const [signerInfo, ...others] = signedData.signerInfos;
    if (signerInfo === undefined || others.length > 0) {
      return invalidWithoutPath('signature_invalid', 'expected_one_signer');
    }

    const eContent = signedData.encapContentInfo.eContent;
    // A replayed signature over another request's dataToSign fails here (attached) or below (detached).
    if (eContent !== undefined && !octets(eContent).equals(input.dataToSign)) {
      return invalidWithoutPath('signature_invalid', 'content_mismatch');
    }

    const certificates = (signedData.certificates ?? []).filter(
      (certificate): certificate is pkijs.Certificate => certificate instanceof pkijs.Certificate,
    );
    const signer = findSignerCertificate(signerInfo, certificates);
    if (signer === undefined) return invalidWithoutPath('signature_invalid', 'signer_certificate_missing');

    const signatureProblem = await this.signatureProblem(signedData, signerInfo, signer, input.dataToSign);
    if (signatureProblem !== undefined) return invalidWithoutPath('signature_invalid', signatureProblem);

    const refusal = signerRefusal(signer);
    if (refusal !== undefined) return invalidWithoutPath(refusal.code, refusal.reason);

    const at = new Date(toMillis(input.at));
    const path = await validateCertificatePath(signer, certificates, this.trustAnchors, at, this.algorithms);
    if (!path.ok) return invalidWithoutPath('certificate_untrusted', path.error);

    const signerIin = iinNamedBy(signer);
    if (signerIin !== input.expectedIin)
      return invalidWithoutPath('signer_mismatch', 'certificate_names_another_iin');

    const signedAt = signingTimeOf(signerInfo);
    return {
      check: {
        status: 'valid',
        signerIin: signerIin as Iin,
        algorithm: signatureAlgorithmName(signerInfo.signatureAlgorithm.algorithmId),
        certificateSerial: Buffer.from(signer.serialNumber.valueBlock.valueHexView).toString('hex'),
        ...(signedAt === undefined ? {} : { signedAt }),
      },
      // Copies of exactly the certificates' bytes (a view would carry the whole CMS to another thread).
      path: path.value.map((certificate) => new Uint8Array(derOf(certificate))),
    };
  }

  /** Why the signer's signature over the content does not hold, or undefined when it does. */
  private async signatureProblem(
    signedData: pkijs.SignedData,
    signerInfo: pkijs.SignerInfo,
    signer: pkijs.Certificate,
    content: Buffer,
  ): Promise<string | undefined> {
    const digestAlgorithm = this.algorithms.digests.get(signerInfo.digestAlgorithm.algorithmId);
    const signatureAlgorithm = this.algorithms.signatures.get(signerInfo.signatureAlgorithm.algorithmId);
    if (digestAlgorithm === undefined || signatureAlgorithm === undefined) return 'unsupported_algorithm';

    let signedBytes: Uint8Array = content;
    if (signerInfo.signedAttrs !== undefined) {
      const [contentType] = attributeValues(signerInfo, OID.contentTypeAttribute) ?? [];
      const [messageDigest] = attributeValues(signerInfo, OID.messageDigestAttribute) ?? [];
      if (
        !(contentType instanceof asn1js.ObjectIdentifier) ||
        contentType.getValue() !== signedData.encapContentInfo.eContentType
      ) {
        return 'content_type_mismatch';
      }
      const digest = Buffer.from(await digestAlgorithm.digest(content));
      if (!(messageDigest instanceof asn1js.OctetString) || !octets(messageDigest).equals(digest)) {
        return 'message_digest_mismatch';
      }
      // RFC 5652 §5.4: the signature covers the DER SET OF the attributes (pkijs keeps them re-tagged).
      signedBytes = new Uint8Array(signerInfo.signedAttrs.encodedValue);
    }

    const parameters: unknown = signerInfo.signatureAlgorithm.algorithmParams;
    try {
      const verified = await signatureAlgorithm.verify({
        data: signedBytes,
        signature: signerInfo.signature.valueBlock.valueHexView,
        publicKeyInfo: publicKeyInfoOf(signer),
        parameters:
          parameters instanceof asn1js.BaseBlock ? new Uint8Array(parameters.toBER(false)) : undefined,
        digestAlgorithm: signerInfo.digestAlgorithm.algorithmId,
      });
      return verified ? undefined : 'signature_mismatch';
    } catch {
      return 'signature_mismatch';
    }
  }
}
