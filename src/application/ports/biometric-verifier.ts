import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';

/** The biometric provider's result for one request (SPEC R17). */
export interface BiometricTokenToVerify {
  /** A compact JWS from the biometric provider. */
  readonly token: string;
  readonly iin: Iin;
  readonly requestId: string;
  /** The current instant: the token must not have expired at it. */
  readonly at: Instant;
}

export type BiometricCheck =
  { readonly status: 'passed' } | { readonly status: 'failed'; readonly reason: string };

/**
 * Checks a passed biometric authentication (Rules §6, §7; SPEC R17). An absent token never reaches
 * the verifier: the caller refuses it as `biometric_required`.
 */
export abstract class BiometricVerifier {
  abstract verify(input: BiometricTokenToVerify): Promise<BiometricCheck>;
}
