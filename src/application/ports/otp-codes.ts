import type { Iin } from '../../domain/shared/iin';
import type { Msisdn } from '../../domain/shared/msisdn';
import type { Result } from '../../domain/shared/result';

/** What a one-time password is bound to (R13): its request, the citizen's IIN and the number it goes to. */
export interface OtpBinding {
  readonly requestId: string;
  readonly iin: Iin;
  readonly phone: Msisdn;
}

/** What the `OtpIssued` event records (R15): the keyed hash to verify against and the code sealed for the SMS. */
export interface IssuedOtp {
  readonly hash: string;
  readonly sealed: string;
}

/** Why a sealed code could not be opened: tampered, sealed for another request, or under another secret. */
export type SealedOtpError = 'sealed_otp_invalid';

/**
 * The cryptography of one-time passwords (R13, R15). A code is six digits from a secure generator; it is
 * kept only as an HMAC bound to its request, IIN and number, and travels to the SMS dispatcher sealed
 * under a key derived from the OTP secret. Nothing else can read it.
 */
export abstract class OtpCodes {
  /** Six digits, uniform over 000000..999999 (leading zeros kept). */
  abstract generate(): string;

  /** A new code, hashed and sealed; the code itself never leaves this call in clear. */
  abstract issue(binding: OtpBinding): IssuedOtp;

  /** The keyed hash (lowercase hex) of `code` bound to `binding`. */
  abstract hash(binding: OtpBinding, code: string): string;

  /** True when `code` is the one whose hash is `expectedHash` for this binding; compared in constant time. */
  abstract verify(binding: OtpBinding, code: string, expectedHash: string): boolean;

  /** The code sealed for delivery; only `open` with the same request id (and secret) reads it back. */
  abstract seal(code: string, requestId: string): string;

  abstract open(sealed: string, requestId: string): Result<string, SealedOtpError>;
}
