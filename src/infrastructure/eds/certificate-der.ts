import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** The bytes a certificate arrived in, kept by `certificateOf`. */
const arrivedAs = new WeakMap<pkijs.Certificate, Uint8Array>();

/**
 * A certificate parsed from its ASN.1 block, keeping the bytes it arrived in: comparing certificates
 * then needs no re-encoding (asn1js re-encodes a certificate in about as long as it parses it).
 */
export function certificateOf(block: asn1js.BaseBlock): pkijs.Certificate {
  const certificate = new pkijs.Certificate({ schema: block });
  if (block.valueBeforeDecodeView.byteLength > 0) arrivedAs.set(certificate, block.valueBeforeDecodeView);
  return certificate;
}

/** A value computed once per certificate object (certificates are not changed once parsed). */
function perCertificate<T>(
  compute: (certificate: pkijs.Certificate) => T,
): (certificate: pkijs.Certificate) => T {
  const computed = new WeakMap<pkijs.Certificate, T>();
  return (certificate) => {
    let value = computed.get(certificate);
    if (value === undefined) {
      value = compute(certificate);
      computed.set(certificate, value);
    }
    return value;
  };
}

/** The whole certificate's DER: the bytes it arrived in, or encoded when it was made here. */
export const derOf = (certificate: pkijs.Certificate): Uint8Array =>
  arrivedAs.get(certificate) ?? new Uint8Array(certificate.toSchema().toBER(false));

/** The whole certificate's DER in hex: two certificates are the same when these are. */
export const derHexOf = perCertificate((certificate) => Buffer.from(derOf(certificate)).toString('hex'));

/** The subject name's DER in hex. */
export const subjectHexOf = perCertificate((certificate) =>
  Buffer.from(certificate.subject.toSchema().toBER(false)).toString('hex'),
);

/** The SubjectPublicKeyInfo's DER: what a signature algorithm reads the key from. */
export const publicKeyInfoOf = perCertificate(
  (certificate) => new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false)),
);
