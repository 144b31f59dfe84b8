import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { BiometricCheck, BiometricTokenToVerify } from '../../application/ports/biometric-verifier';
import { BiometricVerifier } from '../../application/ports/biometric-verifier';
import { toMillis } from '../../domain/shared/instant';

/** SPEC R17: a result is good for at most 5 minutes after it was issued. */
const MAX_VALIDITY_SECONDS = 5 * 60;
/** Asymmetric signatures only: the JWKS holds public keys. */
const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];

const failed = (reason: string): BiometricCheck => ({ status: 'failed', reason });

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token_expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `missing_${error.claim}`;
    const byClaim: Readonly<Record<string, string>> = {
      iss: 'wrong_issuer',
      sub: 'wrong_subject',
      nbf: 'not_yet_valid',
    };
    return byClaim[error.claim] ?? `invalid_${error.claim}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature_invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm_not_allowed';
  return 'malformed';
}

/** What jose does not check itself: the request binding, the outcome, and the validity window. */
function claimProblem(payload: JWTPayload, input: BiometricTokenToVerify): string | undefined {
  if (payload.nonce !== input.requestId) return 'wrong_nonce';
  if (payload.result !== 'match') return 'result_not_match';
  const { iat, exp } = payload as { iat: number; exp: number };
  if (iat * 1000 > toMillis(input.at)) return 'issued_in_future';
  if (exp - iat > MAX_VALIDITY_SECONDS) return 'validity_too_long';
  return undefined;
}

/**
 * Checks the biometric provider's result (Rules §6, §7; SPEC R17): a compact JWS signed by a key of
 * the configured JWKS, from the configured issuer, about this IIN (`sub`) and this request (`nonce`),
 * saying `result: "match"`, not expired at `at` and valid at most 5 minutes after `iat`.
 */
export class JwksBiometricVerifier extends BiometricVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(
    jwks: JSONWebKeySet,
    private readonly issuer: string,
  ) {
    super();
    this.keys = createLocalJWKSet(jwks);
  }

  override async verify(input: BiometricTokenToVerify): Promise<BiometricCheck> {
    try {
      const { payload } = await jwtVerify(input.token, this.keys, {
        issuer: this.issuer,
        subject: input.iin,
        algorithms: ALGORITHMS,
        currentDate: new Date(toMillis(input.at)),
        requiredClaims: ['iss', 'sub', 'nonce', 'iat', 'exp'],
      });
      const problem = claimProblem(payload, input);
      return problem === undefined ? { status: 'passed' } : failed(problem);
    } catch (error) {
      return failed(reasonOf(error));
    }
  }
}
