import type * as pkijs from 'pkijs';
import { parseCertificate } from '../trust-anchors';

/** A certificate of the path and the CA certificate that issued it: what OCSP and CRLs are asked about. */
export interface IssuedCertificate {
  readonly certificate: pkijs.Certificate;
  readonly issuer: pkijs.Certificate;
}

/**
 * The certificates of a validated path (leaf first, trust anchor last, DER each, as the verifier answers
 * it) whose status matters, each with its issuer: the signer's, then each intermediate's. The anchor is
 * trusted by configuration and never asked about.
 */
export function issuedCertificates(path: readonly Uint8Array[]): readonly IssuedCertificate[] {
  const certificates = path.map(parseCertificate);
  return certificates
    .slice(0, -1)
    .map((certificate, index) => ({ certificate, issuer: certificates[index + 1] as pkijs.Certificate }));
}
