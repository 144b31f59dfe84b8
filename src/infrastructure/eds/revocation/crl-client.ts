import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { instantFromMillis } from '../../../domain/shared/instant';
import { pemBlocks } from '../pem';
import type { AlgorithmSuite } from '../signature-algorithm';
import { boundedFetch, ResponderUnavailable, type FetchLimits } from './bounded-fetch';
import { deltaCrlUrlsOf, distributionPointUrls } from './certificate-pointers';
import { parseCrlDer, type CrlEntry, type ParsedCrl } from './crl-parser';
import { REMOVE_FROM_CRL, REVOCATION_OID } from './revocation-oids';
import { SKEW_MS, type SourceStatus } from './revocation-status';
import { isSignedWith } from './signed-by';

/** A verified CRL, reduced to what a lookup needs. */
interface VerifiedCrl {
  readonly url: string;
  readonly number: bigint;
  /** Set on a delta CRL: the base CRL number it completes (RFC 5280 §5.2.4). */
  readonly baseNumber: bigint | undefined;
  readonly thisUpdate: Date;
  readonly freshUntil: Date;
  readonly deltaUrls: readonly string[];
  readonly entries: ReadonlyMap<string, CrlEntry>;
}

export interface CrlOptions {
  readonly limits: FetchLimits;
  readonly algorithms: AlgorithmSuite;
  readonly cacheLifetimeMs: number;
}

const serialKey = (serial: asn1js.Integer): string =>
  Buffer.from(serial.valueBlock.valueHexView).toString('hex');

function integerOf(value: unknown): bigint | undefined {
  return value instanceof asn1js.Integer ? value.toBigInt() : undefined;
}

/**
 * CRLs with deltas (RFC 5280 §5): a base CRL from the distribution points (or configured URLs), completed
 * by the delta CRLs it or the certificate names. Each is signed by the issuing CA and current, or it is
 * no answer. Verified CRLs are kept until their nextUpdate (at most the cache lifetime).
 */
export class CrlClient {
  private readonly cache = new Map<string, VerifiedCrl>();

  constructor(private readonly options: CrlOptions) {}

  async status(
    certificate: pkijs.Certificate,
    issuer: pkijs.Certificate,
    urls: { readonly base: readonly string[]; readonly delta: readonly string[] },
    now: Date,
  ): Promise<SourceStatus> {
    let base: VerifiedCrl | undefined;
    let lastProblem = 'crl_not_configured';
    for (const url of urls.base) {
      try {
        const crl = await this.crl(url, issuer, now);
        if (crl.baseNumber !== undefined) throw new ResponderUnavailable('crl_is_delta');
        base = crl;
        break;
      } catch (error) {
        if (!(error instanceof ResponderUnavailable)) throw error;
        lastProblem = error.reason;
      }
    }
    if (base === undefined) throw new ResponderUnavailable(lastProblem);

    // A delta that is named but cannot be had leaves recent revocations unknown: no answer.
    const deltaUrls = [...new Set([...urls.delta, ...base.deltaUrls, ...deltaCrlUrlsOf(certificate)])];
    let delta: VerifiedCrl | undefined;
    for (const url of deltaUrls) {
      const candidate = await this.crl(url, issuer, now);
      if (candidate.baseNumber === undefined || candidate.baseNumber > base.number) {
        throw new ResponderUnavailable('crl_delta_does_not_complete_base');
      }
      if (delta === undefined || candidate.number > delta.number) delta = candidate;
    }

    const serial = serialKey(certificate.serialNumber);
    const entry = delta?.entries.get(serial) ?? base.entries.get(serial);
    const evidence = {
      method: 'crl' as const,
      source: base.url,
      crlNumber: base.number.toString(),
      ...(delta === undefined ? {} : { deltaCrlNumber: delta.number.toString() }),
      thisUpdate: instantFromMillis((delta ?? base).thisUpdate.getTime()),
      checkedAt: instantFromMillis(now.getTime()),
    };
    const freshUntil = new Date(Math.min(base.freshUntil.getTime(), delta?.freshUntil.getTime() ?? Infinity));
    if (entry === undefined || entry.reason === REMOVE_FROM_CRL)
      return { status: 'good', evidence, freshUntil };
    return { status: 'revoked', revokedAt: entry.revokedAt, evidence, freshUntil };
  }

  private async crl(url: string, issuer: pkijs.Certificate, now: Date): Promise<VerifiedCrl> {
    const cached = this.cache.get(url);
    if (cached !== undefined && cached.freshUntil > now) return cached;
    const answer = await boundedFetch(url, this.options.limits, { accept: 'application/pkix-crl' });
    if (answer.status !== 200) throw new ResponderUnavailable(`crl_http_${answer.status}`);
    const crl = await parseCrl(answer.body);
    if (!crl.issuer.isEqual(issuer.subject)) throw new ResponderUnavailable('crl_wrong_issuer');
    const signed = await isSignedWith(
      { data: crl.tbs, algorithm: crl.signatureAlgorithm, signature: crl.signatureValue },
      issuer,
      this.options.algorithms,
    );
    if (!signed) throw new ResponderUnavailable('crl_signature_invalid');
    const { thisUpdate, nextUpdate } = crl;
    if (thisUpdate.getTime() > now.getTime() + SKEW_MS) throw new ResponderUnavailable('crl_from_future');
    if (nextUpdate === undefined || nextUpdate.getTime() < now.getTime() - SKEW_MS) {
      throw new ResponderUnavailable('crl_stale');
    }
    const extension = (oid: string): unknown => crl.extensions.find((e) => e.extnID === oid)?.parsedValue;
    const number = integerOf(extension(REVOCATION_OID.crlNumber));
    if (number === undefined) throw new ResponderUnavailable('crl_without_number');
    const freshest = extension(REVOCATION_OID.freshestCrl);
    const verified: VerifiedCrl = {
      url,
      number,
      baseNumber: integerOf(extension(REVOCATION_OID.deltaCrlIndicator)),
      thisUpdate,
      freshUntil: new Date(Math.min(nextUpdate.getTime(), now.getTime() + this.options.cacheLifetimeMs)),
      deltaUrls: freshest instanceof pkijs.CRLDistributionPoints ? distributionPointUrls(freshest) : [],
      entries: crl.entries,
    };
    this.cache.set(url, verified);
    return verified;
  }
}

async function parseCrl(body: Buffer): Promise<ParsedCrl> {
  const [der] = body.subarray(0, 64).toString('latin1').includes('-----BEGIN')
    ? pemBlocks(body.toString('latin1'), 'X509 CRL')
    : [body];
  try {
    return await parseCrlDer(der ?? Buffer.alloc(0));
  } catch {
    throw new ResponderUnavailable('crl_malformed');
  }
}
