import * as pkijs from 'pkijs';
import { validateCertificatePath } from '../certificate-path';
import { parseSignedData } from '../parse-signed-data';
import type { AlgorithmSuite } from '../signature-algorithm';
import { findSignerCertificate } from '../signer-certificate';
import type { TrustAnchors } from '../trust-anchors';

/** A certificate of the path and the CA certificate that issued it: what OCSP and CRLs are asked about. */
export interface IssuedCertificate {
  readonly certificate: pkijs.Certificate;
  readonly issuer: pkijs.Certificate;
}

/**
 * The certificates of a CMS the verifier has accepted whose status matters, leaf first: the signer's,
 * then each intermediate (embedded in the CMS) up to the trust anchor, with its issuer. The anchor is
 * trusted by configuration and never asked about. The path is found by the verifier's own search.
 */
export async function signerPath(
  cms: string,
  anchors: TrustAnchors,
  at: Date,
  algorithms: AlgorithmSuite,
): Promise<readonly IssuedCertificate[] | undefined> {
  const parsed = parseSignedData(cms);
  if (!parsed.ok) return undefined;
  const certificates = (parsed.value.certificates ?? []).filter(
    (certificate): certificate is pkijs.Certificate => certificate instanceof pkijs.Certificate,
  );
  const [signerInfo] = parsed.value.signerInfos;
  const signer = signerInfo === undefined ? undefined : findSignerCertificate(signerInfo, certificates);
  if (signer === undefined) return undefined;
  const path = await validateCertificatePath(signer, certificates, anchors, at, algorithms);
  if (!path.ok) return undefined;
  return path.value
    .slice(0, -1)
    .map((certificate, index) => ({ certificate, issuer: path.value[index + 1] as pkijs.Certificate }));
}
