import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { readableExtensionValue } from './certificate-extensions';
import { OID } from './oids';
import { octets } from './parse-signed-data';

/** The embedded certificate the signer info names, by issuer and serial number or by key identifier. */
export function findSignerCertificate(
  signerInfo: pkijs.SignerInfo,
  certificates: readonly pkijs.Certificate[],
): pkijs.Certificate | undefined {
  const sid: unknown = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find(
      (certificate) =>
        certificate.issuer.isEqual(sid.issuer) && certificate.serialNumber.isEqual(sid.serialNumber),
    );
  }
  // subjectKeyIdentifier [0] IMPLICIT OCTET STRING (RFC 5652 §5.3): the key id bytes themselves.
  if (!(sid instanceof asn1js.Primitive)) return undefined;
  const keyId = Buffer.from(sid.valueBlock.valueHexView);
  return certificates.find((certificate) => keyIdentifierOf(certificate).equals(keyId));
}

function keyIdentifierOf(certificate: pkijs.Certificate): Buffer {
  const identifier = readableExtensionValue(certificate.extensions, OID.subjectKeyIdentifier);
  if (identifier instanceof asn1js.OctetString) return octets(identifier);
  // RFC 5280 §4.2.1.2 method 1, what most CAs put there anyway.
  return createHash('sha1')
    .update(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
    .digest();
}
