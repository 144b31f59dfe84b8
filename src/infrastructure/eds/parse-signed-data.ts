import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { err, ok, type Result } from '../../domain/shared/result';
import { OID } from './oids';

export type ParseFailure = 'malformed' | 'not_signed_data';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** base64 DER ContentInfo → SignedData; anything else is not a signature. */
export function parseSignedData(base64: string): Result<pkijs.SignedData, ParseFailure> {
  const text = base64.replace(/\s+/g, '');
  if (!BASE64.test(text) || text.length % 4 !== 0) return err('malformed');
  const der = Buffer.from(text, 'base64');
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1 || asn1.offset !== der.byteLength) return err('malformed');
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== OID.signedData) return err('not_signed_data');
    return ok(new pkijs.SignedData({ schema: contentInfo.content }));
  } catch {
    return err('malformed');
  }
}

/** The bytes of an OCTET STRING, joined when BER splits it into parts. */
export const octets = (value: asn1js.OctetString): Buffer => Buffer.from(value.getValue());
