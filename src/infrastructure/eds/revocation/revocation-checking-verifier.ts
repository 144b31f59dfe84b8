import type { SignatureCheck, SignatureToVerify } from '../../../application/ports/signature-verifier';
import { SignatureVerifier } from '../../../application/ports/signature-verifier';
import { toMillis } from '../../../domain/shared/instant';
import type { PathVerifier } from '../path-verifier';
import type { RevocationChecker } from './revocation-checker';
import type { RevocationVerdict } from './revocation-checker';
import { issuedCertificates } from './issued-certificates';

/** How long a citizen is asked to wait after the responders failed (`Retry-After`). */
export const REVOCATION_RETRY_AFTER_SECONDS = 30;

/**
 * SPEC §8: after the signature and the chain hold, no certificate of the path may have been revoked at
 * the signing time (`at`: the time of receipt, or a verified timestamp's genTime): the signer's and
 * every intermediate's, each asked of its issuer's responders under the same policy. The signer's
 * evidence goes with the answer; no answer for any of them is `unavailable`, never a refusal. The path is
 * the one the inner verifier validated (on its worker thread): it is not searched nor checked again here.
 */
export class RevocationCheckingVerifier extends SignatureVerifier {
  constructor(
    private readonly inner: PathVerifier,
    private readonly checker: RevocationChecker,
  ) {
    super();
  }

  override async verify(input: SignatureToVerify): Promise<SignatureCheck> {
    const { check, path: validated } = await this.inner.verifyWithPath(input);
    if (check.status !== 'valid') return check;
    // The signing time: a verified timestamp's genTime, else the time of receipt.
    const at = new Date(toMillis(check.timestamp?.genTime ?? input.at));
    const path = issuedCertificates(validated);
    if (path.length === 0)
      return { status: 'invalid', code: 'certificate_untrusted', reason: 'issuer_not_found' };
    const verdicts = await Promise.all(
      path.map(({ certificate, issuer }) => this.checker.check(certificate, issuer, at)),
    );
    // Leaf first: a refusal or a missing answer on any certificate of the path decides.
    for (const [index, verdict] of verdicts.entries()) {
      const refusal = refusalOf(verdict, index === 0 ? 'certificate' : 'intermediate_certificate');
      if (refusal !== undefined) return refusal;
    }
    const [signer] = verdicts;
    return signer?.status === 'good' ? { ...check, revocation: signer.evidence } : check;
  }
}

function refusalOf(verdict: RevocationVerdict, whose: string): SignatureCheck | undefined {
  switch (verdict.status) {
    case 'good':
      return undefined;
    case 'revoked':
      return { status: 'invalid', code: 'certificate_untrusted', reason: `${whose}_revoked` };
    case 'unknown':
      return { status: 'invalid', code: 'certificate_untrusted', reason: `${whose}_status_unknown` };
    case 'unavailable':
      return {
        status: 'unavailable',
        reason: verdict.reason,
        retryAfterSeconds: REVOCATION_RETRY_AFTER_SECONDS,
      };
  }
}
