import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';
import {
  OtpCodes,
  type IssuedOtp,
  type OtpBinding,
  type SealedOtpError,
} from '../../application/ports/otp-codes';
import { err, ok, type Result } from '../../domain/shared/result';
import { otpSecretBytes } from './otp-secret';
import { RandomPool } from './random-pool';

const CODE = /^\d{6}$/;
const SEAL_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Domain separation: the delivery key is never the HMAC key itself. */
const DELIVERY_KEY_INFO = 'numlink otp delivery v1';

/**
 * R13, R15: codes from `crypto.randomInt`; `hmac(secret, requestId|iin|phone|code)` in hex, compared
 * with `timingSafeEqual`; sealed with AES-256-GCM under an HKDF-SHA-256 key, the request id as
 * additional authenticated data, as `v1.<iv>.<ciphertext>.<tag>` (base64url parts).
 */
export class HmacOtpCodes extends OtpCodes {
  private readonly hmacKey: Buffer;
  private readonly deliveryKey: Buffer;
  /** GCM needs an IV never used twice under the key: 96 random bits each, from a pool of fresh blocks. */
  private readonly ivs = new RandomPool();

  constructor(secret: string | Uint8Array) {
    super();
    this.hmacKey = otpSecretBytes(secret);
    this.deliveryKey = Buffer.from(hkdfSync('sha256', this.hmacKey, Buffer.alloc(0), DELIVERY_KEY_INFO, 32));
  }

  override generate(): string {
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  override issue(binding: OtpBinding): IssuedOtp {
    const code = this.generate();
    return { hash: this.hash(binding, code), sealed: this.seal(code, binding.requestId) };
  }

  // The IIN, number and code have fixed forms, so joining with `|` cannot make two bindings collide.
  override hash(binding: OtpBinding, code: string): string {
    return createHmac('sha256', this.hmacKey)
      .update(`${binding.requestId}|${binding.iin}|${binding.phone}|${code}`, 'utf8')
      .digest('hex');
  }

  override verify(binding: OtpBinding, code: string, expectedHash: string): boolean {
    if (!CODE.test(code)) return false;
    const actual = Buffer.from(this.hash(binding, code), 'utf8');
    const expected = Buffer.from(expectedHash, 'utf8');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  override seal(code: string, requestId: string): string {
    if (!CODE.test(code)) throw new Error('an OTP is six digits');
    const iv = this.ivs.take(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.deliveryKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(requestId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'));
    return [SEAL_VERSION, ...parts].join('.');
  }

  override open(sealed: string, requestId: string): Result<string, SealedOtpError> {
    const [version, ...parts] = sealed.split('.');
    if (version !== SEAL_VERSION || parts.length !== 3) return err('sealed_otp_invalid');
    const [iv, ciphertext, tag] = parts.map(strictBase64url);
    if (!iv || !ciphertext || !tag || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      return err('sealed_otp_invalid');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.deliveryKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(requestId, 'utf8'));
      decipher.setAuthTag(tag);
      const code = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      return CODE.test(code) ? ok(code) : err('sealed_otp_invalid');
    } catch {
      return err('sealed_otp_invalid'); // the tag does not match: tampered, another request or another secret
    }
  }
}

/** Node's base64url decoder skips stray characters; only the canonical spelling of the bytes is accepted. */
function strictBase64url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
