import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import type { RevocationEvidence } from '../../../domain/number-request/commands';
import { ResponderUnavailable } from './bounded-fetch';
import { crlUrlsOf, ocspUrlsOf } from './certificate-pointers';
import type { CrlClient } from './crl-client';
import type { OcspClient } from './ocsp-client';
import type { SourceStatus } from './revocation-status';

export type RevocationMethod = 'ocsp' | 'crl';

/** The verdict on a certificate for a signature made at a given time. */
export type RevocationVerdict =
  | { readonly status: 'good'; readonly evidence: RevocationEvidence }
  | { readonly status: 'revoked' | 'unknown' }
  | { readonly status: 'unavailable'; readonly reason: string };

export interface RevocationSources {
  /** In the order tried; the next is asked only when one gives no answer. */
  readonly methods: readonly RevocationMethod[];
  /** Override the certificate's AIA / CDP (and Freshest CRL) when set. */
  readonly ocspUrl?: string;
  readonly crlUrls?: readonly string[];
  readonly deltaCrlUrls?: readonly string[];
}

/** Bounds the answer cache: beyond it the oldest entries go. */
const MAX_CACHED = 10_000;

/**
 * SPEC §8: the signer certificate's status by OCSP and/or CRL, with answers cached by issuer and
 * serial until the source's nextUpdate (at most the configured lifetime). A revocation after the
 * signing time does not spoil that signature; no answer from any source fails closed.
 */
export class RevocationChecker {
  private readonly cache = new Map<string, SourceStatus>();

  constructor(
    private readonly sources: RevocationSources,
    private readonly clients: { readonly ocsp: OcspClient; readonly crl: CrlClient },
    private readonly now: () => Date,
  ) {}

  async check(
    certificate: pkijs.Certificate,
    issuer: pkijs.Certificate,
    signedAt: Date,
  ): Promise<RevocationVerdict> {
    const key = cacheKey(certificate, issuer);
    const now = this.now();
    let answer = this.cache.get(key);
    if (answer === undefined || answer.freshUntil <= now) {
      this.cache.delete(key);
      const fetched = await this.ask(certificate, issuer, now);
      if ('reason' in fetched) return { status: 'unavailable', reason: fetched.reason };
      answer = fetched;
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, answer);
    }
    if (answer.status === 'unknown') return { status: 'unknown' };
    if (answer.status === 'revoked' && answer.revokedAt !== undefined && answer.revokedAt <= signedAt) {
      return { status: 'revoked' };
    }
    return { status: 'good', evidence: answer.evidence };
  }

  private async ask(
    certificate: pkijs.Certificate,
    issuer: pkijs.Certificate,
    now: Date,
  ): Promise<SourceStatus | { reason: string }> {
    const problems: string[] = [];
    for (const method of this.sources.methods) {
      try {
        if (method === 'ocsp') {
          const urls = this.sources.ocspUrl !== undefined ? [this.sources.ocspUrl] : ocspUrlsOf(certificate);
          if (urls.length === 0) throw new ResponderUnavailable('ocsp_no_responder');
          return await this.firstAnswer(urls, (url) =>
            this.clients.ocsp.status(certificate, issuer, url, now),
          );
        }
        const base = this.sources.crlUrls ?? crlUrlsOf(certificate);
        if (base.length === 0) throw new ResponderUnavailable('crl_no_distribution_point');
        return await this.clients.crl.status(
          certificate,
          issuer,
          { base, delta: this.sources.deltaCrlUrls ?? [] },
          now,
        );
      } catch (error) {
        if (!(error instanceof ResponderUnavailable)) throw error;
        problems.push(error.reason);
      }
    }
    return { reason: problems.join(',') || 'revocation_not_configured' };
  }

  private async firstAnswer(urls: readonly string[], ask: (url: string) => Promise<SourceStatus>) {
    let last: unknown;
    for (const url of urls) {
      try {
        return await ask(url);
      } catch (error) {
        last = error;
      }
    }
    throw last;
  }
}

function cacheKey(certificate: pkijs.Certificate, issuer: pkijs.Certificate): string {
  return createHash('sha256')
    .update(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
    .update(certificate.serialNumber.valueBlock.valueHexView)
    .digest('base64');
}
