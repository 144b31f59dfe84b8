import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { err, ok, type Result } from '../../domain/shared/result';
import { certificateOf } from './certificate-der';
import { OID } from './oids';

export type ParseFailure = 'malformed' | 'not_signed_data' | 'too_many_certificates';

/**
 * The most certificates a CMS may carry (SPEC §7: bounded work for hostile input). A real one carries the
 * signer's certificate and perhaps its intermediate and root. Counted before any of them is parsed.
 */
export const MAX_EMBEDDED_CERTIFICATES = 10;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** base64 DER ContentInfo → SignedData; anything else is not a signature. */
export function parseSignedData(base64: string): Result<pkijs.SignedData, ParseFailure> {
  const text = base64.replace(/\s+/g, '');
  if (!BASE64.test(text) || text.length % 4 !== 0) return err('malformed');
  const der = Buffer.from(text, 'base64');
  try {
    // asn1js throws for some malformed values (a GeneralizedTime that is no time, a UniversalString of
    // an odd length): inside the try, as every other way a CMS can be broken.
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1 || asn1.offset !== der.byteLength) return err('malformed');
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== OID.signedData) return err('not_signed_data');
    return signedDataOf(contentInfo.content);
  } catch {
    return err('malformed');
  }
}

const isContextTag = (block: asn1js.AsnType | undefined, tagNumber: number): boolean =>
  block instanceof asn1js.BaseBlock && block.idBlock.tagClass === 3 && block.idBlock.tagNumber === tagNumber;

/**
 * RFC 5652 §5.1 SignedData, read field by field: each part (algorithm identifiers, the encapsulated
 * content, every certificate, every signer info) by its own pkijs class. pkijs's `SignedData` would match
 * the whole against a schema it builds anew for every CMS, attribute certificates and all: that took about
 * half of a verification's time. A CMS of any other shape (attribute or other certificate formats,
 * embedded CRLs) goes to pkijs's own parser, which judges it as before.
 */
function signedDataOf(content: unknown): Result<pkijs.SignedData, ParseFailure> {
  if (!(content instanceof asn1js.Sequence)) return pkijsSignedData(content);
  const fields = content.valueBlock.value;
  const [version, digestAlgorithms, encapContentInfo] = fields;
  let next = 3;
  const certificateSet = isContextTag(fields[next], 0) ? fields[next++] : undefined;
  const signerInfos = fields[next++];
  const certificates =
    certificateSet instanceof asn1js.Constructed ? certificateSet.valueBlock.value : undefined;
  if (certificates !== undefined && certificates.length > MAX_EMBEDDED_CERTIFICATES) {
    return err('too_many_certificates');
  }
  if (
    !(version instanceof asn1js.Integer) ||
    !(digestAlgorithms instanceof asn1js.Set) ||
    !(encapContentInfo instanceof asn1js.Sequence) ||
    (certificateSet !== undefined && certificates === undefined) ||
    !(certificates ?? []).every((certificate) => certificate instanceof asn1js.Sequence) ||
    !(signerInfos instanceof asn1js.Set) ||
    next !== fields.length
  ) {
    return pkijsSignedData(content);
  }
  return ok(
    new pkijs.SignedData({
      version: version.valueBlock.valueDec,
      digestAlgorithms: digestAlgorithms.valueBlock.value.map(
        (schema) => new pkijs.AlgorithmIdentifier({ schema }),
      ),
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ schema: encapContentInfo }),
      ...(certificates === undefined ? {} : { certificates: certificates.map(certificateOf) }),
      signerInfos: signerInfos.valueBlock.value.map((schema) => new pkijs.SignerInfo({ schema })),
    }),
  );
}

function pkijsSignedData(content: unknown): Result<pkijs.SignedData, ParseFailure> {
  const signedData = new pkijs.SignedData({ schema: content });
  if ((signedData.certificates ?? []).length > MAX_EMBEDDED_CERTIFICATES) return err('too_many_certificates');
  return ok(signedData);
}

/** The bytes of an OCTET STRING, joined when BER splits it into parts. */
export const octets = (value: asn1js.OctetString): Buffer => Buffer.from(value.getValue());
