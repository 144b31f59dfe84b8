import { sign, webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Credential } from '../../src/infrastructure/dev-pki/credential';
import { signBytes } from '../../src/infrastructure/dev-pki/sign-bytes';
import { isGostKey, nodeSigningKey, type SigningKey } from '../../src/infrastructure/dev-pki/signing-key';
import { x509 } from '../../src/infrastructure/dev-pki/x509';
import { OID } from '../../src/infrastructure/eds/oids';
import { REVOCATION_OID } from '../../src/infrastructure/eds/revocation/revocation-oids';
import { parseCertificate } from '../../src/infrastructure/eds/trust-anchors';

/**
 * An OCSP responder and a CRL endpoint on 127.0.0.1, built with pkijs, for the revocation tests: each
 * test says what the responder answers (status, signer, times, nonce) and which CRLs are published.
 */

export const pkijsCertificate = (credential: Credential): pkijs.Certificate =>
  parseCertificate(new Uint8Array(credential.certificate.rawData));

/** The responders' keys are Node's kinds (ECDSA, RSA): their SubjectPublicKeyInfo, and as WebCrypto keys. */
const publicKeyInfo = (key: SigningKey): Buffer =>
  nodeSigningKey(key).publicKey.export({ format: 'der', type: 'spki' });
function toWebCryptoSigningKey(key: SigningKey): Promise<webcrypto.CryptoKey> {
  const node = nodeSigningKey(key);
  const pkcs8 = node.privateKey.export({ format: 'der', type: 'pkcs8' });
  const algorithm =
    node.kind === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  return webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
}

/**
 * A certificate with the extensions a revocation test needs (AIA, CDP, EKU); ECDSA/RSA keys. An end
 * entity (a citizen's, a responder's) unless `isCertificateAuthority` (an intermediate CA).
 */
export async function issueWithExtensions(options: {
  readonly name: string;
  readonly key: SigningKey;
  readonly issuer: Credential;
  readonly extensions: readonly x509.Extension[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCertificateAuthority?: boolean;
}): Promise<Credential> {
  const authority = options.isCertificateAuthority ?? false;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: `01${Buffer.from(options.name).toString('hex').slice(0, 20)}`,
    subject: [{ CN: [options.name] }, { [OID.subjectSerialNumber]: ['IIN900101300017'] }],
    issuer: options.issuer.certificate.subjectName,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    publicKey: publicKeyInfo(options.key),
    signingKey: await toWebCryptoSigningKey(options.issuer.key),
    signingAlgorithm:
      options.issuer.key.kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(authority, undefined, true),
      new x509.KeyUsagesExtension(
        authority
          ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
          : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        true,
      ),
      await x509.AuthorityKeyIdentifierExtension.create(options.issuer.certificate),
      ...options.extensions,
    ],
  });
  return { certificate, key: options.key };
}

export const ocspSigningUsage = () => new x509.ExtendedKeyUsageExtension([REVOCATION_OID.ocspSigning]);
/** id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): the responder's certificate is not itself checked. */
export const ocspNoCheck = () =>
  new x509.Extension(REVOCATION_OID.ocspNoCheck, false, new Uint8Array([0x05, 0x00]));
export const pointingTo = (urls: { ocsp?: string; crl?: string }) => [
  ...(urls.ocsp === undefined ? [] : [new x509.AuthorityInfoAccessExtension({ ocsp: [urls.ocsp] })]),
  ...(urls.crl === undefined ? [] : [new x509.CRLDistributionPointsExtension([urls.crl])]),
];

/** Signs `data` with the credential's key (GOST in Kazakhstan's form) and names the algorithm as a certificate would. */
function signWith(
  key: SigningKey,
  data: Uint8Array,
): { algorithm: pkijs.AlgorithmIdentifier; value: Buffer } {
  if (isGostKey(key)) {
    return {
      algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: key.scheme.signatureAlgorithm }),
      value: signBytes(key.kind, key, data),
    };
  }
  if (key.kind === 'rsa') {
    return {
      algorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: OID.sha256WithRsa,
        algorithmParams: new asn1js.Null(),
      }),
      value: sign('sha256', data, nodeSigningKey(key).privateKey),
    };
  }
  return {
    algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 }),
    value: sign('sha256', data, nodeSigningKey(key).privateKey),
  };
}

export type CertificateState =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly at: Date }
  | { readonly status: 'unknown' };

export interface OcspAnswer {
  /** Who signs the response; its certificate goes into `certs` unless it is the issuing CA. */
  readonly signer: Credential;
  readonly issuingCa: Credential;
  readonly state: (serialHex: string) => CertificateState;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly producedAt: Date;
  /** Default true. */
  readonly echoNonce?: boolean;
  /** The nonce extension's value the responder signs instead of the request's (a broken responder). */
  readonly nonceExtensionValue?: Uint8Array;
}

/** A BasicOCSPResponse for the request, as OCSPResponse DER. */
export function ocspResponse(requestDer: Uint8Array, answer: OcspAnswer): Buffer {
  const request = new pkijs.OCSPRequest({ schema: asn1js.fromBER(requestDer).result });
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === REVOCATION_OID.ocspNonce);
  const responses = request.tbsRequest.requestList.map((item) => {
    const serial = Buffer.from(item.reqCert.serialNumber.valueBlock.valueHexView).toString('hex');
    const state = answer.state(serial);
    const certStatus =
      state.status === 'good'
        ? new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } })
        : state.status === 'revoked'
          ? new asn1js.Constructed({
              idBlock: { tagClass: 3, tagNumber: 1 },
              value: [new asn1js.GeneralizedTime({ valueDate: state.at })],
            })
          : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
    return new pkijs.SingleResponse({
      certID: item.reqCert,
      certStatus,
      thisUpdate: answer.thisUpdate,
      ...(answer.nextUpdate === undefined ? {} : { nextUpdate: answer.nextUpdate }),
    });
  });
  const signerCertificate = pkijsCertificate(answer.signer);
  const data = new pkijs.ResponseData({
    responderID: signerCertificate.subject,
    producedAt: answer.producedAt,
    responses,
    ...(answer.nonceExtensionValue !== undefined
      ? {
          responseExtensions: [
            new pkijs.Extension({
              extnID: REVOCATION_OID.ocspNonce,
              extnValue: new Uint8Array(answer.nonceExtensionValue).buffer,
            }),
          ],
        }
      : nonce !== undefined && (answer.echoNonce ?? true)
        ? { responseExtensions: [nonce] }
        : {}),
  });
  const tbs = new Uint8Array(data.toSchema(true).toBER(false));
  data.tbsView = tbs;
  const signature = signWith(answer.signer.key, tbs);
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: data,
    signatureAlgorithm: signature.algorithm,
    signature: new asn1js.BitString({ valueHex: signature.value }),
    ...(answer.signer === answer.issuingCa ? {} : { certs: [signerCertificate] }),
  });
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: REVOCATION_OID.ocspBasic,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return Buffer.from(response.toSchema().toBER(false));
}

export interface CrlToPublish {
  readonly issuer: Credential;
  readonly number: number;
  /** Set for a delta CRL: the base CRL number it completes. */
  readonly baseNumber?: number;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly revoked: ReadonlyArray<{
    readonly serialHex: string;
    readonly at: Date;
    readonly reason?: number;
  }>;
  /** Where the delta CRLs are (Freshest CRL). */
  readonly deltaUrl?: string;
  /** A delta CRL indicator holding these bytes as they stand, readable or not (a broken CA). */
  readonly deltaIndicatorValue?: Uint8Array;
}

const extension = (extnID: string, value: asn1js.BaseBlock) =>
  new pkijs.Extension({ extnID, extnValue: value.toBER(false) });

export function crlDer(crl: CrlToPublish): Buffer {
  const issuer = pkijsCertificate(crl.issuer);
  const extensions = [extension(REVOCATION_OID.crlNumber, new asn1js.Integer({ value: crl.number }))];
  if (crl.baseNumber !== undefined) {
    extensions.push(
      extension(REVOCATION_OID.deltaCrlIndicator, new asn1js.Integer({ value: crl.baseNumber })),
    );
  }
  if (crl.deltaIndicatorValue !== undefined) {
    extensions.push(
      new pkijs.Extension({
        extnID: REVOCATION_OID.deltaCrlIndicator,
        critical: true,
        extnValue: crl.deltaIndicatorValue.slice().buffer,
      }),
    );
  }
  if (crl.deltaUrl !== undefined) {
    extensions.push(
      new pkijs.Extension({
        extnID: REVOCATION_OID.freshestCrl,
        extnValue: new x509.CRLDistributionPointsExtension([crl.deltaUrl]).value,
      }),
    );
  }
  const signatureKind = signWith(crl.issuer.key, new Uint8Array(0)).algorithm;
  const list = new pkijs.CertificateRevocationList({
    version: 1,
    signature: signatureKind,
    issuer: issuer.subject,
    thisUpdate: new pkijs.Time({ type: 1, value: crl.thisUpdate }),
    nextUpdate: new pkijs.Time({ type: 1, value: crl.nextUpdate }),
    ...(crl.revoked.length === 0
      ? {}
      : {
          revokedCertificates: crl.revoked.map(
            (entry) =>
              new pkijs.RevokedCertificate({
                userCertificate: new asn1js.Integer({ valueHex: Buffer.from(entry.serialHex, 'hex') }),
                revocationDate: new pkijs.Time({ type: 1, value: entry.at }),
                ...(entry.reason === undefined
                  ? {}
                  : {
                      crlEntryExtensions: new pkijs.Extensions({
                        extensions: [
                          extension(REVOCATION_OID.crlReason, new asn1js.Enumerated({ value: entry.reason })),
                        ],
                      }),
                    }),
              }),
          ),
        }),
    crlExtensions: new pkijs.Extensions({ extensions }),
  });
  list.signatureAlgorithm = signatureKind;
  const [tbsBlock] = (list.toSchema(true) as asn1js.Sequence).valueBlock.value;
  const tbs = new Uint8Array((tbsBlock as asn1js.BaseBlock).toBER(false));
  const signature = signWith(crl.issuer.key, tbs);
  list.tbsView = tbs;
  list.signatureAlgorithm = signature.algorithm;
  list.signatureValue = new asn1js.BitString({ valueHex: signature.value });
  return Buffer.from(list.toSchema(true).toBER(false));
}

/** What the test server answers at each path; `hang` never answers (an unreachable responder). */
export type Route =
  | { readonly kind: 'ocsp'; readonly answer: () => OcspAnswer }
  | { readonly kind: 'bytes'; readonly body: () => Buffer; readonly status?: number }
  | { readonly kind: 'hang' };

export interface TestServer {
  readonly url: (path: string) => string;
  readonly routes: Map<string, Route>;
  /** How many requests each path received. */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const route = routes.get(path);
      if (route === undefined) {
        response.writeHead(404).end();
        return;
      }
      if (route.kind === 'hang') return;
      if (route.kind === 'bytes') {
        response.writeHead(route.status ?? 200, { 'content-type': 'application/pkix-crl' }).end(route.body());
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/ocsp-response' })
        .end(ocspResponse(Buffer.concat(chunks), route.answer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    routes,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const tlv = (tag: number, content: Buffer): Buffer => {
  const length = content.length;
  const header =
    length < 0x80
      ? Buffer.from([tag, length])
      : Buffer.from([tag, 0x83, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]);
  return Buffer.concat([header, content]);
};
const der = (block: { toBER(sizeOnly?: boolean): ArrayBuffer }) => Buffer.from(block.toBER(false));

/**
 * A CRL the size of a national CA's (tens of thousands of entries), assembled byte by byte: the pkijs
 * builder above needs minutes for that many; `alsoRevokedHex` is listed last.
 */
export function largeCrlDer(
  issuer: Credential,
  count: number,
  window: { thisUpdate: Date; nextUpdate: Date },
  alsoRevokedHex?: string,
): Buffer {
  const { thisUpdate, nextUpdate } = window;
  const at = der(new asn1js.UTCTime({ valueDate: new Date(thisUpdate.getTime() - 86_400_000) }));
  const entries: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    entries.push(tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from(entrySerialHex(i), 'hex')), at])));
  }
  if (alsoRevokedHex !== undefined) {
    entries.push(tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from(alsoRevokedHex, 'hex')), at])));
  }
  const algorithm = signWith(issuer.key, new Uint8Array(0)).algorithm;
  const tbs = tlv(
    0x30,
    Buffer.concat([
      der(new asn1js.Integer({ value: 1 })),
      der(algorithm.toSchema()),
      der(pkijsCertificate(issuer).subject.toSchema()),
      der(new asn1js.UTCTime({ valueDate: thisUpdate })),
      der(new asn1js.UTCTime({ valueDate: nextUpdate })),
      tlv(0x30, Buffer.concat(entries)),
      tlv(
        0xa0,
        tlv(0x30, der(extension(REVOCATION_OID.crlNumber, new asn1js.Integer({ value: 99 })).toSchema())),
      ),
    ]),
  );
  const signature = signWith(issuer.key, tbs);
  return tlv(
    0x30,
    Buffer.concat([
      tbs,
      der(signature.algorithm.toSchema()),
      tlv(0x03, Buffer.concat([Buffer.from([0]), signature.value])),
    ]),
  );
}

export const entrySerialHex = (i: number): string => `01${i.toString(16).padStart(30, '0')}`;
