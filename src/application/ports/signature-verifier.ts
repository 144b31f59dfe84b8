import type { SignatureFailureCode } from '../../domain/number-request/events';
import type { RevocationEvidence } from '../../domain/number-request/commands';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';

/** What a confirmation's EDS signature must cover and name (SPEC R16). */
export interface SignatureToVerify {
  /** The exact bytes the citizen was asked to sign (the decoded `dataToSign`). */
  readonly dataToSign: Buffer;
  /** CMS SignedData (PKCS#7), attached or detached, DER, base64. */
  readonly signature: string;
  readonly expectedIin: Iin;
  /** The instant at which the signer certificate must be valid. */
  readonly at: Instant;
}

/** Why a signature is refused: the domain's codes of SPEC R16 and §8 (only an individual's signing certificate). */
export type SignatureRefusalCode = SignatureFailureCode;

export type SignatureCheck =
  | {
      readonly status: 'valid';
      readonly signerIin: Iin;
      /** The signer certificate's serial number, lowercase hex. */
      readonly certificateSerial: string;
      /** The signing time the signer claims (a signed attribute), when present. */
      readonly signedAt?: Instant;
      /** A verified TSA timestamp (SPEC §8): its genTime is the signing time `at` was judged at. */
      readonly timestamp?: { readonly genTime: Instant; readonly tsa: string };
      /** How the certificate was found not revoked; absent when revocation checking is off. */
      readonly revocation?: RevocationEvidence;
    }
  | { readonly status: 'invalid'; readonly code: SignatureRefusalCode; readonly reason: string }
  /** No responder could tell the certificate's status: fail closed, the citizen may retry (SPEC §8). */
  | { readonly status: 'unavailable'; readonly reason: string; readonly retryAfterSeconds: number };

/**
 * Checks an EDS signature over a request (Rules §5, §8; SPEC R16). An absent signature never reaches
 * the verifier: the caller refuses it as `signature_required`.
 */
export abstract class SignatureVerifier {
  abstract verify(input: SignatureToVerify): Promise<SignatureCheck>;
}
