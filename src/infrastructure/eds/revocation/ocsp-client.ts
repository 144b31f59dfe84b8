import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { instantFromMillis } from '../../../domain/shared/instant';
import { readableExtensionValue } from '../certificate-extensions';
import type { AlgorithmSuite } from '../signature-algorithm';
import { boundedFetch, ResponderUnavailable, type FetchLimits } from './bounded-fetch';
import { crlUrlsOf } from './certificate-pointers';
import type { CrlClient } from './crl-client';
import { REVOCATION_OID } from './revocation-oids';
import { SKEW_MS, type SourceStatus } from './revocation-status';
import { isSignedWith } from './signed-by';

const HASHES: ReadonlyMap<string, string> = new Map([
  [REVOCATION_OID.sha1, 'sha1'],
  ['2.16.840.1.101.3.4.2.1', 'sha256'],
]);

// CertStatus CHOICE tags (RFC 6960 §4.2.1).
const GOOD = 0;
const REVOKED = 1;

interface IssuerHashes {
  readonly name: Buffer;
  readonly key: Buffer;
}

function issuerHashes(issuer: pkijs.Certificate, hash: string): IssuerHashes {
  return {
    name: createHash(hash)
      .update(Buffer.from(issuer.subject.toSchema().toBER(false)))
      .digest(),
    key: createHash(hash)
      .update(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
      .digest(),
  };
}

const octets = (value: asn1js.OctetString): Buffer => Buffer.from(value.valueBlock.valueHexView);

export interface OcspOptions {
  readonly limits: FetchLimits;
  readonly algorithms: AlgorithmSuite;
  /** How long a good answer is reused when the responder names no nextUpdate. */
  readonly cacheLifetimeMs: number;
  /** The oldest thisUpdate accepted from a responder that does not echo the nonce. */
  readonly maxAgeWithoutNonceMs: number;
  /**
   * How a delegated responder's own certificate is checked when it does not carry id-pkix-ocsp-nocheck:
   * on its CA's CRL. Absent: only responders with id-pkix-ocsp-nocheck (or the CA itself) are taken.
   */
  readonly responderCrl?: CrlClient;
}

/**
 * An OCSP client (RFC 6960): one request with a nonce; the answer must be signed by the issuing CA or
 * by a responder it delegated (id-kp-OCSPSigning; not revoked itself, unless id-pkix-ocsp-nocheck says
 * it is not to be checked), echo the nonce (or be fresh), and be current.
 * Anything else is no answer (`ResponderUnavailable`), never a verdict on the citizen.
 */
export class OcspClient {
  constructor(private readonly options: OcspOptions) {}

  async status(
    certificate: pkijs.Certificate,
    issuer: pkijs.Certificate,
    url: string,
    now: Date,
  ): Promise<SourceStatus> {
    const nonce = randomBytes(16);
    const hashes = issuerHashes(issuer, 'sha1');
    const request = new pkijs.OCSPRequest({
      tbsRequest: new pkijs.TBSRequest({
        requestList: [
          new pkijs.Request({
            reqCert: new pkijs.CertID({
              hashAlgorithm: new pkijs.AlgorithmIdentifier({
                algorithmId: REVOCATION_OID.sha1,
                algorithmParams: new asn1js.Null(),
              }),
              issuerNameHash: new asn1js.OctetString({ valueHex: hashes.name }),
              issuerKeyHash: new asn1js.OctetString({ valueHex: hashes.key }),
              serialNumber: certificate.serialNumber,
            }),
          }),
        ],
        requestExtensions: [
          new pkijs.Extension({
            extnID: REVOCATION_OID.ocspNonce,
            extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER(false),
          }),
        ],
      }),
    });
    const answer = await boundedFetch(url, this.options.limits, {
      method: 'POST',
      body: new Uint8Array(request.toSchema(true).toBER(false)),
      contentType: 'application/ocsp-request',
      accept: 'application/ocsp-response',
    });
    if (answer.status !== 200) throw new ResponderUnavailable(`ocsp_http_${answer.status}`);
    const { basic, der } = parseBasicResponse(answer.body);
    const data = basic.tbsResponseData;

    const signer = await this.responderCertificate(basic, issuer, now);
    const signed = await isSignedWith(
      {
        data: data.tbsView,
        algorithm: basic.signatureAlgorithm,
        signature: basic.signature.valueBlock.valueHexView,
      },
      signer,
      this.options.algorithms,
    );
    if (!signed) throw new ResponderUnavailable('ocsp_signature_invalid');

    const echoed = nonceOf(data);
    if (echoed !== undefined && !echoed.equals(nonce)) throw new ResponderUnavailable('ocsp_nonce_mismatch');

    const single = data.responses.find((response) => isFor(response.certID, certificate, issuer));
    if (single === undefined) throw new ResponderUnavailable('ocsp_no_answer_for_certificate');
    const nowMs = now.getTime();
    if (single.thisUpdate.getTime() > nowMs + SKEW_MS)
      throw new ResponderUnavailable('ocsp_response_from_future');
    if (single.nextUpdate !== undefined && single.nextUpdate.getTime() < nowMs - SKEW_MS) {
      throw new ResponderUnavailable('ocsp_response_stale');
    }
    // Without the nonce echoed, a replayed old answer must not pass for a fresh one.
    if (echoed === undefined && single.thisUpdate.getTime() < nowMs - this.options.maxAgeWithoutNonceMs) {
      throw new ResponderUnavailable('ocsp_response_stale');
    }

    const evidence = {
      method: 'ocsp' as const,
      responder: url,
      producedAt: instantFromMillis(data.producedAt.getTime()),
      checkedAt: instantFromMillis(nowMs),
      response: der.toString('base64'),
    };
    const freshUntil = new Date(
      Math.min(nowMs + this.options.cacheLifetimeMs, single.nextUpdate?.getTime() ?? Number.MAX_SAFE_INTEGER),
    );
    const status: unknown = single.certStatus;
    if (!(status instanceof asn1js.BaseBlock)) throw new ResponderUnavailable('ocsp_malformed');
    const tag = status.idBlock.tagNumber;
    if (tag === GOOD) return { status: 'good', evidence, freshUntil };
    if (tag === REVOKED) {
      const [time] = status instanceof asn1js.Constructed ? status.valueBlock.value : [];
      if (!(time instanceof asn1js.GeneralizedTime)) throw new ResponderUnavailable('ocsp_malformed');
      return { status: 'revoked', revokedAt: time.toDate(), evidence, freshUntil };
    }
    return { status: 'unknown', evidence, freshUntil };
  }

  /** The CA itself, or a certificate it issued for OCSP signing, named by the response's responderID. */
  private async responderCertificate(
    basic: pkijs.BasicOCSPResponse,
    issuer: pkijs.Certificate,
    now: Date,
  ): Promise<pkijs.Certificate> {
    const id: unknown = basic.tbsResponseData.responderID;
    const named = (candidate: pkijs.Certificate) =>
      id instanceof pkijs.RelativeDistinguishedNames
        ? candidate.subject.isEqual(id)
        : id instanceof asn1js.OctetString &&
          createHash('sha1')
            .update(candidate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
            .digest()
            .equals(octets(id));
    if (named(issuer)) return issuer;
    for (const candidate of basic.certs ?? []) {
      if (!named(candidate)) continue;
      if (!candidate.issuer.isEqual(issuer.subject)) continue;
      if (!isOcspSigner(candidate)) continue;
      if (now < candidate.notBefore.value || now > candidate.notAfter.value) continue;
      const issued = await isSignedWith(
        {
          data: candidate.tbsView,
          algorithm: candidate.signatureAlgorithm,
          signature: candidate.signatureValue.valueBlock.valueHexView,
        },
        issuer,
        this.options.algorithms,
      );
      if (!issued) continue;
      await this.assertNotRevoked(candidate, issuer, now);
      return candidate;
    }
    throw new ResponderUnavailable('ocsp_responder_not_authorized');
  }

  /** RFC 6960 §4.2.2.2.1: a delegated responder is trusted unchecked only under id-pkix-ocsp-nocheck. */
  private async assertNotRevoked(
    responder: pkijs.Certificate,
    issuer: pkijs.Certificate,
    now: Date,
  ): Promise<void> {
    if (responder.extensions?.some((extension) => extension.extnID === REVOCATION_OID.ocspNoCheck)) return;
    const urls = crlUrlsOf(responder);
    const crl = this.options.responderCrl;
    if (crl === undefined || urls.length === 0)
      throw new ResponderUnavailable('ocsp_responder_status_unavailable');
    let status: SourceStatus;
    try {
      status = await crl.status(responder, issuer, { base: urls, delta: [] }, now);
    } catch (error) {
      if (error instanceof ResponderUnavailable)
        throw new ResponderUnavailable('ocsp_responder_status_unavailable');
      throw error;
    }
    if (status.status !== 'good') throw new ResponderUnavailable('ocsp_responder_revoked');
  }
}

function parseBasicResponse(der: Buffer): { basic: pkijs.BasicOCSPResponse; der: Buffer } {
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) throw new Error('not BER');
    const response = new pkijs.OCSPResponse({ schema: asn1.result });
    const code = response.responseStatus.valueBlock.valueDec;
    if (code !== 0) throw new ResponderUnavailable(`ocsp_status_${code}`);
    if (response.responseBytes?.responseType !== REVOCATION_OID.ocspBasic) throw new Error('not basic');
    const bytes = Buffer.from(response.responseBytes.response.valueBlock.valueHexView);
    return { basic: new pkijs.BasicOCSPResponse({ schema: asn1js.fromBER(bytes).result }), der: bytes };
  } catch (error) {
    if (error instanceof ResponderUnavailable) throw error;
    throw new ResponderUnavailable('ocsp_malformed');
  }
}

/** The nonce the response echoes (RFC 8954: an OCTET STRING inside the extension value). */
function nonceOf(data: pkijs.ResponseData): Buffer | undefined {
  const extension = data.responseExtensions?.find(
    (candidate) => candidate.extnID === REVOCATION_OID.ocspNonce,
  );
  if (extension === undefined) return undefined;
  const raw = octets(extension.extnValue);
  let inner: ReturnType<typeof asn1js.fromBER>;
  try {
    inner = asn1js.fromBER(raw);
  } catch {
    // asn1js throws on some values instead of marking them; signed or not, that is no answer.
    throw new ResponderUnavailable('ocsp_malformed');
  }
  return inner.offset !== -1 && inner.result instanceof asn1js.OctetString ? octets(inner.result) : raw;
}

function isFor(id: pkijs.CertID, certificate: pkijs.Certificate, issuer: pkijs.Certificate): boolean {
  const hash = HASHES.get(id.hashAlgorithm.algorithmId);
  if (hash === undefined || !id.serialNumber.isEqual(certificate.serialNumber)) return false;
  const expected = issuerHashes(issuer, hash);
  return octets(id.issuerNameHash).equals(expected.name) && octets(id.issuerKeyHash).equals(expected.key);
}

function isOcspSigner(certificate: pkijs.Certificate): boolean {
  // Its certificate arrives in the response, unsigned by anyone trusted until checked: a usage that
  // cannot be read is none.
  const usage = readableExtensionValue(certificate.extensions, REVOCATION_OID.extendedKeyUsage);
  return usage instanceof pkijs.ExtKeyUsage && usage.keyPurposes.includes(REVOCATION_OID.ocspSigning);
}
