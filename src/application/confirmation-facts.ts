import type { ConfirmNumber } from '../domain/number-request/commands';
import { requiredSecondFactor } from '../domain/number-request/decide';
import type { SignatureCheck } from '../domain/number-request/commands';
import type { NumberRequestState } from '../domain/number-request/state';
import { isPast, type Instant } from '../domain/shared/instant';
import type { BiometricVerifier } from './ports/biometric-verifier';
import type { OtpCodes } from './ports/otp-codes';
import type { SignatureCheck as SignatureCheckResult, SignatureVerifier } from './ports/signature-verifier';

/**
 * Prepares what the decider needs to judge a confirmation: the constant-time comparison with the
 * latest code's hash (R13) and the second factor's check (R16, R17). The costly checks run only when
 * they can change the answer (an open request, in term, with the right code).
 */
export async function confirmationFacts(
  state: NumberRequestState,
  input: { otp: string; signature?: string; biometricToken?: string },
  at: Instant,
  ports: { otpCodes: OtpCodes; signatures: SignatureVerifier; biometrics: BiometricVerifier },
): Promise<Omit<ConfirmNumber, 'currentLink'>> {
  const base = { type: 'ConfirmNumber' as const, at, otpMatches: false };
  if (state.status !== 'otp_sent' || isPast(state.expiresAt, at)) return base;
  const otpMatches = ports.otpCodes.verify(state, input.otp, state.otp.hash);
  if (!otpMatches || isPast(state.otp.expiresAt, at)) return { ...base, otpMatches };

  if (requiredSecondFactor(state.purpose, state.channel) === 'signature') {
    if (!input.signature || !state.dataToSign)
      return { ...base, otpMatches, signature: { status: 'missing' } };
    const check = await ports.signatures.verify({
      dataToSign: Buffer.from(state.dataToSign, 'base64'),
      signature: input.signature,
      expectedIin: state.iin,
      at,
    });
    return { ...base, otpMatches, signature: signatureFact(check) };
  }
  if (!input.biometricToken) return { ...base, otpMatches, biometric: { status: 'missing' } };
  const biometric = await ports.biometrics.verify({
    token: input.biometricToken,
    iin: state.iin,
    requestId: state.requestId,
    at,
  });
  return { ...base, otpMatches, biometric };
}

/** The verifier's answer as the decider takes it: a valid one carries its evidence (SPEC §8). */
function signatureFact(check: SignatureCheckResult): SignatureCheck {
  if (check.status !== 'valid') return check;
  const { certificateSerial, timestamp, revocation } = check;
  return {
    status: 'valid',
    evidence: {
      certificateSerial,
      ...(timestamp === undefined ? {} : { timestamp }),
      ...(revocation === undefined ? {} : { revocation }),
    },
  };
}
