import * as pkijs from 'pkijs';
import { parseSignedData } from '../parse-signed-data';
import type { AlgorithmSuite } from '../signature-algorithm';
import { findSignerCertificate } from '../signer-certificate';
import type { TrustAnchors } from '../trust-anchors';
import { isSignedWith } from './signed-by';

/**
 * The signer certificate of a CMS the verifier has accepted, and the CA certificate that issued it (a
 * trust anchor or an embedded intermediate): what an OCSP request and a CRL lookup need.
 */
export async function signerAndIssuer(
  cms: string,
  anchors: TrustAnchors,
  algorithms: AlgorithmSuite,
): Promise<{ signer: pkijs.Certificate; issuer: pkijs.Certificate } | undefined> {
  const parsed = parseSignedData(cms);
  if (!parsed.ok) return undefined;
  const certificates = (parsed.value.certificates ?? []).filter(
    (certificate): certificate is pkijs.Certificate => certificate instanceof pkijs.Certificate,
  );
  const [signerInfo] = parsed.value.signerInfos;
  const signer = signerInfo === undefined ? undefined : findSignerCertificate(signerInfo, certificates);
  if (signer === undefined) return undefined;
  for (const candidate of [...anchors, ...certificates]) {
    if (candidate === signer || !candidate.subject.isEqual(signer.issuer)) continue;
    const issued = await isSignedWith(
      {
        data: signer.tbsView,
        algorithm: signer.signatureAlgorithm,
        signature: signer.signatureValue.valueBlock.valueHexView,
      },
      candidate,
      algorithms,
    );
    if (issued) return { signer, issuer: candidate };
  }
  return undefined;
}
