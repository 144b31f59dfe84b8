import type { Instant } from '../shared/instant';
import type { Channel } from './channel';
import type { SignatureFailureCode } from './number-request-refusal';
import type { Purpose } from './purpose';

/** The factor that must accompany the one-time password. */
export type SecondFactor = 'signature' | 'biometric';

/**
 * Rules §5: portal connect = OTP + EDS. Rules §6: eGov mobile = OTP + biometrics. Rules §7: bank = OTP +
 * biometrics. Rules §8: a change, whatever the channel, = OTP to the new number + EDS.
 */
export function requiredSecondFactor(purpose: Purpose, channel: Channel): SecondFactor {
  if (purpose === 'change') return 'signature';
  return channel === 'portal' ? 'signature' : 'biometric';
}

/** How the signer certificate was found not revoked at the signing time (SPEC §8). */
export type RevocationEvidence =
  | {
      readonly method: 'ocsp';
      /** The responder's URL. */
      readonly responder: string;
      readonly producedAt: Instant;
      readonly checkedAt: Instant;
      /** The signed OCSP response (BasicOCSPResponse), DER base64: the proof itself. */
      readonly response: string;
    }
  | {
      readonly method: 'crl';
      /** Where the CRL was fetched. */
      readonly source: string;
      readonly crlNumber: string;
      readonly deltaCrlNumber?: string;
      readonly thisUpdate: Instant;
      readonly checkedAt: Instant;
    }
  | {
      /** An external verifier (NCANode) checked it; what it said it checked. */
      readonly method: 'external';
      readonly verifier: string;
      readonly checks: readonly string[];
      readonly checkedAt: Instant;
    };

/** What a valid signature leaves on record with the confirmation (SPEC §8). */
export interface SignatureEvidence {
  /** The signer certificate's serial number, lowercase hex. */
  readonly certificateSerial: string;
  /** A verified TSA timestamp; absent: the time of receipt is the signing time. */
  readonly timestamp?: { readonly genTime: Instant; readonly tsa: string };
  /** Absent when revocation checking is off (development). */
  readonly revocation?: RevocationEvidence;
}

/** The EDS verifier's answer (SPEC R16), prepared by the application layer. */
export type SignatureCheck =
  | { readonly status: 'valid'; readonly evidence?: SignatureEvidence }
  | { readonly status: 'missing' }
  | {
      readonly status: 'invalid';
      readonly code: SignatureFailureCode;
      readonly reason: string;
    }
  /** The certificate's status could not be learned (responders unreachable): not the citizen's fault. */
  | { readonly status: 'unavailable'; readonly reason: string; readonly retryAfterSeconds: number };

/** The biometric token verifier's answer (SPEC R17), prepared by the application layer. */
export type BiometricCheck =
  | { readonly status: 'passed' }
  | { readonly status: 'missing' }
  | { readonly status: 'failed'; readonly reason: string };
