import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../eds/oids';
import { parseCertificate } from '../eds/trust-anchors';
import type { Credential } from './credential';
import {
  DEFAULT_SCHEME,
  PSS_SALT_LENGTH,
  digestAlgorithmOf,
  digestWith,
  signBytes,
  type SignatureScheme,
} from './sign-bytes';
import type { x509 } from './x509';

/** How the signer's key signs: RSA keys may sign PKCS#1 v1.5 or PSS; GOST keys their scheme. */
export type CmsSignatureScheme = SignatureScheme;

export interface CmsToSign {
  readonly content: Uint8Array;
  readonly signer: Credential;
  /** Default: the usual scheme of the signer's key (PKCS#1 v1.5 for RSA). */
  readonly scheme?: CmsSignatureScheme;
  /** Detached: the content stays out of the CMS and the verifier brings it. */
  readonly detached?: boolean;
  /** More certificates to embed, such as the intermediates of the signer's chain. */
  readonly chain?: readonly x509.X509Certificate[];
  readonly signingTime: Date;
  /** Default true. Without them the signature covers the content itself (RFC 5652 §5.4). */
  readonly signedAttributes?: boolean;
}

const algorithm = (algorithmId: string, algorithmParams?: asn1js.BaseBlock) =>
  new pkijs.AlgorithmIdentifier(
    algorithmParams === undefined ? { algorithmId } : { algorithmId, algorithmParams },
  );

function signatureAlgorithm(scheme: CmsSignatureScheme): pkijs.AlgorithmIdentifier {
  switch (scheme) {
    case 'rsa-pkcs1':
      // What OpenSSL and most CMS signers write: the hash is the signer info's digest algorithm.
      return algorithm(OID.rsaEncryption, new asn1js.Null());
    case 'rsa-pss':
      return algorithm(
        OID.rsassaPss,
        new pkijs.RSASSAPSSParams({
          hashAlgorithm: algorithm(OID.sha256),
          maskGenAlgorithm: algorithm(OID.mgf1, algorithm(OID.sha256).toSchema()),
          saltLength: PSS_SALT_LENGTH,
        }).toSchema(),
      );
    case 'ecdsa':
      return algorithm(OID.ecdsaWithSha256);
    case 'ed25519':
      return algorithm(OID.ed25519);
    case 'gost2004':
      return algorithm(OID.gost2004Signature);
    case 'gost2015-256':
      return algorithm(OID.gost2015Signature256);
    case 'gost2015-512':
      return algorithm(OID.gost2015Signature512);
  }
}

const attribute = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });

/**
 * CMS SignedData (RFC 5652) over `content` with signed attributes (content type, signing time, message
 * digest), SHA-256 or the GOST key's own hash: the form Kazakhstan's EDS clients produce. Answers base64 DER.
 */
export function signCms(request: CmsToSign): string {
  const scheme = request.scheme ?? DEFAULT_SCHEME[request.signer.key.kind];
  const signerCertificate = parseCertificate(new Uint8Array(request.signer.certificate.rawData));
  const key = request.signer.key;
  const digestAlgorithm = digestAlgorithmOf(key);
  const messageDigest = digestWith(key, request.content);

  // DER order of a SET OF: the attributes sorted by their encodings, which this order is.
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      attribute(OID.contentTypeAttribute, new asn1js.ObjectIdentifier({ value: OID.data })),
      attribute(OID.signingTimeAttribute, new asn1js.UTCTime({ valueDate: request.signingTime })),
      attribute(OID.messageDigestAttribute, new asn1js.OctetString({ valueHex: messageDigest })),
    ],
  });
  const encodedAttributes = new Uint8Array(signedAttrs.toSchema().toBER(false));
  encodedAttributes[0] = 0x31; // RFC 5652 §5.4: sign the attributes as a SET OF, not as [0].
  const withAttributes = request.signedAttributes ?? true;
  const signedBytes = withAttributes ? encodedAttributes : request.content;

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: signerCertificate.issuer,
      serialNumber: signerCertificate.serialNumber,
    }),
    digestAlgorithm: algorithm(digestAlgorithm),
    ...(withAttributes ? { signedAttrs } : {}),
    signatureAlgorithm: signatureAlgorithm(scheme),
    signature: new asn1js.OctetString({ valueHex: signBytes(scheme, key, signedBytes) }),
  });

  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [algorithm(digestAlgorithm)],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.data,
      ...(request.detached ? {} : { eContent: new asn1js.OctetString({ valueHex: request.content }) }),
    }),
    certificates: [
      signerCertificate,
      ...(request.chain ?? []).map((certificate) => parseCertificate(new Uint8Array(certificate.rawData))),
    ],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return Buffer.from(contentInfo.toSchema().toBER(false)).toString('base64');
}
