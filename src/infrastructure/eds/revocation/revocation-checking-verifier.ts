import type { SignatureCheck, SignatureToVerify } from '../../../application/ports/signature-verifier';
import { SignatureVerifier } from '../../../application/ports/signature-verifier';
import { toMillis } from '../../../domain/shared/instant';
import { DEFAULT_ALGORITHMS } from '../default-algorithms';
import type { AlgorithmSuite } from '../signature-algorithm';
import type { TrustAnchors } from '../trust-anchors';
import type { RevocationChecker } from './revocation-checker';
import { signerAndIssuer } from './signer-and-issuer';

/** How long a citizen is asked to wait after the responders failed (`Retry-After`). */
export const REVOCATION_RETRY_AFTER_SECONDS = 30;

/**
 * SPEC §8: after the signature and the chain hold, the signer certificate must not have been revoked
 * at the signing time (`at`: the time of receipt, or a verified timestamp's genTime). The evidence
 * goes with the answer; no answer from the responders is `unavailable`, never a refusal.
 */
export class RevocationCheckingVerifier extends SignatureVerifier {
  constructor(
    private readonly inner: SignatureVerifier,
    private readonly checker: RevocationChecker,
    private readonly trustAnchors: TrustAnchors,
    private readonly algorithms: AlgorithmSuite = DEFAULT_ALGORITHMS,
  ) {
    super();
  }

  override async verify(input: SignatureToVerify): Promise<SignatureCheck> {
    const check = await this.inner.verify(input);
    if (check.status !== 'valid') return check;
    const found = await signerAndIssuer(input.signature, this.trustAnchors, this.algorithms);
    if (found === undefined)
      return { status: 'invalid', code: 'certificate_untrusted', reason: 'issuer_not_found' };
    const verdict = await this.checker.check(found.signer, found.issuer, new Date(toMillis(input.at)));
    switch (verdict.status) {
      case 'good':
        return { ...check, revocation: verdict.evidence };
      case 'revoked':
        return { status: 'invalid', code: 'certificate_untrusted', reason: 'certificate_revoked' };
      case 'unknown':
        return { status: 'invalid', code: 'certificate_untrusted', reason: 'certificate_status_unknown' };
      case 'unavailable':
        return {
          status: 'unavailable',
          reason: verdict.reason,
          retryAfterSeconds: REVOCATION_RETRY_AFTER_SECONDS,
        };
    }
  }
}
