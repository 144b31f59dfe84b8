import type { RevocationEvidence } from '../../../domain/number-request/commands';

/**
 * What one source (an OCSP responder or a CRL) says of a certificate, as of when it was asked. Whether
 * a revocation matters is judged against the signing time later: one made after it does not.
 */
export type SourceStatus =
  | {
      readonly status: 'good' | 'revoked';
      /** Set when revoked. */
      readonly revokedAt?: Date;
      readonly evidence: RevocationEvidence;
      /** Until when the source's answer may be reused (its nextUpdate, or now + the cache lifetime). */
      readonly freshUntil: Date;
    }
  | { readonly status: 'unknown'; readonly evidence: RevocationEvidence; readonly freshUntil: Date };

/** Clock skew allowed between numlink and a responder. */
export const SKEW_MS = 5 * 60 * 1000;
