import { createHash } from 'node:crypto';
import type * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { instantFromMillis } from '../../../domain/shared/instant';
import type { AlgorithmSuite } from '../signature-algorithm';
import { boundedFetch, ResponderUnavailable, type FetchLimits } from './bounded-fetch';
import { deltaCrlUrlsOf } from './certificate-pointers';
import { readCrlOffThread } from './crl-off-thread';
import { readCrl, type CrlEntries, type CrlReading } from './crl-reading';
import { REMOVE_FROM_CRL } from './revocation-oids';
import { SKEW_MS, type SourceStatus } from './revocation-status';

/** A verified CRL, reduced to what a lookup needs. */
interface VerifiedCrl {
  readonly url: string;
  readonly number: bigint;
  /** Set on a delta CRL: the base CRL number it completes (RFC 5280 §5.2.4). */
  readonly baseNumber: bigint | undefined;
  readonly thisUpdate: Date;
  readonly freshUntil: Date;
  readonly deltaUrls: readonly string[];
  readonly entries: CrlEntries;
  /** The CRL as read (its bytes' SHA-256 and the issuer's key): fetched again unchanged, it is not read again. */
  readonly reading: CrlReading;
  readonly fingerprint: string;
}

export interface CrlOptions {
  readonly limits: FetchLimits;
  readonly algorithms: AlgorithmSuite;
  readonly cacheLifetimeMs: number;
  /** CRLs of this size or more are read on a worker thread (default 64 KiB, some 2,000 entries). */
  readonly offThreadBytes?: number;
}

const DEFAULT_OFF_THREAD_BYTES = 64 * 1024;

const serialKey = (serial: asn1js.Integer): string =>
  Buffer.from(serial.valueBlock.valueHexView).toString('hex');

const fingerprintOf = (body: Buffer, issuer: pkijs.Certificate): string =>
  createHash('sha256')
    .update(body)
    .update(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
    .digest('hex');

/**
 * CRLs with deltas (RFC 5280 §5): a base CRL from the distribution points (or configured URLs), completed
 * by the delta CRLs it or the certificate names. Each is signed by the issuing CA and current, or it is
 * no answer. Verified CRLs are kept until their nextUpdate (at most the cache lifetime); one fetched
 * again unchanged (same bytes, same issuer key) is not parsed and checked again. Large CRLs are read
 * on a worker thread (SPEC §7).
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
    const fingerprint = fingerprintOf(answer.body, issuer);
    const crl = cached?.fingerprint === fingerprint ? cached.reading : await this.read(answer.body, issuer);
    if (!crl.issuerMatches) throw new ResponderUnavailable('crl_wrong_issuer');
    if (!crl.signed) throw new ResponderUnavailable('crl_signature_invalid');
    const { thisUpdate, nextUpdate } = crl;
    if (thisUpdate.getTime() > now.getTime() + SKEW_MS) throw new ResponderUnavailable('crl_from_future');
    if (nextUpdate === undefined || nextUpdate.getTime() < now.getTime() - SKEW_MS) {
      throw new ResponderUnavailable('crl_stale');
    }
    if (crl.number === undefined) throw new ResponderUnavailable('crl_without_number');
    const verified: VerifiedCrl = {
      url,
      number: crl.number,
      baseNumber: crl.baseNumber,
      thisUpdate,
      freshUntil: new Date(Math.min(nextUpdate.getTime(), now.getTime() + this.options.cacheLifetimeMs)),
      deltaUrls: crl.deltaUrls,
      entries: crl.entries,
      reading: crl,
      fingerprint,
    };
    this.cache.set(url, verified);
    return verified;
  }

  /** SPEC §7: a large CRL is read on a worker thread, a small one here. */
  private async read(body: Buffer, issuer: pkijs.Certificate): Promise<CrlReading> {
    try {
      if (body.length >= (this.options.offThreadBytes ?? DEFAULT_OFF_THREAD_BYTES))
        return await readCrlOffThread(body, issuer);
      return await readCrl(body, issuer, this.options.algorithms);
    } catch {
      throw new ResponderUnavailable('crl_malformed');
    }
  }
}
