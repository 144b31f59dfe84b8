import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { certificateOf } from './certificate-der';
import { pemBlocks } from './pem';

/** The CA certificates a signer certificate must chain to (`NUMLINK_EDS_TRUST_ANCHORS`). */
export type TrustAnchors = readonly pkijs.Certificate[];

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1 || asn1.offset !== der.byteLength) throw new Error('not a DER certificate');
  return certificateOf(asn1.result);
}

/** Reads a PEM bundle of CA certificates; throws when it holds none or a broken one (a bad setting). */
export function loadTrustAnchors(pemText: string): TrustAnchors {
  const anchors = pemBlocks(pemText, 'CERTIFICATE').map((der, index) => {
    try {
      return parseCertificate(der);
    } catch {
      throw new Error(`trust anchor #${index + 1} is not a valid X.509 certificate`);
    }
  });
  if (anchors.length === 0) throw new Error('the trust anchors PEM holds no CERTIFICATE block');
  return anchors;
}
