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

/** The EDS verifier's answer (SPEC R16), prepared by the application layer. */
export type SignatureCheck =
  | { readonly status: 'valid' }
  | { readonly status: 'missing' }
  | {
      readonly status: 'invalid';
      readonly code: SignatureFailureCode;
      readonly reason: string;
    };

/** The biometric token verifier's answer (SPEC R17), prepared by the application layer. */
export type BiometricCheck =
  | { readonly status: 'passed' }
  | { readonly status: 'missing' }
  | { readonly status: 'failed'; readonly reason: string };
