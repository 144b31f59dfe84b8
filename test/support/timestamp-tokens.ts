import { nodeSigningKey } from '../../src/infrastructure/dev-pki/signing-key';
import { createHash, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Credential } from '../../src/infrastructure/dev-pki/credential';
import { x509 } from '../../src/infrastructure/dev-pki/x509';
import { OID } from '../../src/infrastructure/eds/oids';
import { TIMESTAMP_OID } from '../../src/infrastructure/eds/timestamp/timestamp-token';
import { pkijsCertificate } from './revocation-responders';

/** The extended key usage of a TSA certificate (RFC 3161 §2.3: the only one, critical). */
export const timeStampingUsage = () => new x509.ExtendedKeyUsageExtension([TIMESTAMP_OID.timeStamping], true);

const algorithm = (algorithmId: string) => new pkijs.AlgorithmIdentifier({ algorithmId });
const attribute = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });

export interface TimestampOptions {
  readonly tsa: Credential;
  readonly genTime: Date;
  /** What the message imprint hashes; default the CMS signer's signature value (as RFC 3161 says). */
  readonly imprintOver?: Uint8Array;
  readonly chain?: readonly Credential[];
}

/** An RFC 3161 TimeStampToken (ContentInfo) over `signatureValue`, signed by an ECDSA TSA key. */
function timestampToken(signatureValue: Uint8Array, options: TimestampOptions): asn1js.Sequence {
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: '1.2.398.3.3.2.6.1',
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: algorithm(OID.sha256),
      hashedMessage: new asn1js.OctetString({
        valueHex: createHash('sha256')
          .update(options.imprintOver ?? signatureValue)
          .digest(),
      }),
    }),
    serialNumber: new asn1js.Integer({ value: 42 }),
    genTime: options.genTime,
  });
  const content = Buffer.from(tstInfo.toSchema().toBER(false));
  const tsaCertificate = pkijsCertificate(options.tsa);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      attribute(OID.contentTypeAttribute, new asn1js.ObjectIdentifier({ value: TIMESTAMP_OID.tstInfo })),
      attribute(
        OID.messageDigestAttribute,
        new asn1js.OctetString({ valueHex: createHash('sha256').update(content).digest() }),
      ),
    ],
  });
  const encoded = new Uint8Array(signedAttrs.toSchema().toBER(false));
  encoded[0] = 0x31;
  const signedData = new pkijs.SignedData({
    version: 3,
    digestAlgorithms: [algorithm(OID.sha256)],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: TIMESTAMP_OID.tstInfo,
      eContent: new asn1js.OctetString({ valueHex: content }),
    }),
    certificates: [tsaCertificate, ...(options.chain ?? []).map(pkijsCertificate)],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: tsaCertificate.issuer,
          serialNumber: tsaCertificate.serialNumber,
        }),
        digestAlgorithm: algorithm(OID.sha256),
        signedAttrs,
        signatureAlgorithm: algorithm(OID.ecdsaWithSha256),
        signature: new asn1js.OctetString({
          valueHex: sign('sha256', encoded, nodeSigningKey(options.tsa.key).privateKey),
        }),
      }),
    ],
  });
  return new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  }).toSchema();
}

/** The same CMS with a signatureTimeStampToken on its signer, as an NCA RK client adds one. */
export function withTimestamp(cms: string, options: TimestampOptions): string {
  const contentInfo = new pkijs.ContentInfo({ schema: asn1js.fromBER(Buffer.from(cms, 'base64')).result });
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const [signerInfo] = signedData.signerInfos;
  if (signerInfo === undefined) throw new Error('the CMS has no signer');
  const token = timestampToken(signerInfo.signature.valueBlock.valueHexView, options);
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [attribute(TIMESTAMP_OID.signatureTimeStampToken, token)],
  });
  contentInfo.content = signedData.toSchema(true);
  return Buffer.from(contentInfo.toSchema().toBER(false)).toString('base64');
}
