import { randomBytes } from 'node:crypto';

/** HMAC-SHA-256 wants a key at least as long as its output; a shorter NUMLINK_OTP_SECRET is refused. */
export const MIN_OTP_SECRET_BYTES = 32;

/** A fresh secret for a development data directory: 32 random bytes, base64url (43 characters). */
export function generateOtpSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The secret's bytes (a string is taken as UTF-8); throws when it is too short to be a key. */
export function otpSecretBytes(secret: string | Uint8Array): Buffer {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < MIN_OTP_SECRET_BYTES) {
    throw new Error(`NUMLINK_OTP_SECRET must be at least ${MIN_OTP_SECRET_BYTES} bytes long`);
  }
  return bytes;
}
