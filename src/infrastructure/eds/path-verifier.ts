import type {
  SignatureCheck,
  SignatureRefusalCode,
  SignatureToVerify,
} from '../../application/ports/signature-verifier';

/** A verifier's answer and the certificate path it validated: leaf first, trust anchor last, DER each. */
export interface CheckWithPath {
  readonly check: SignatureCheck;
  /** Empty unless the check is valid. */
  readonly path: readonly Uint8Array[];
}

/**
 * A CMS verifier that tells which path it validated, so that revocation is asked about exactly those
 * certificates and nobody validates the chain again (on the event loop, say).
 */
export interface PathVerifier {
  verifyWithPath(input: SignatureToVerify): Promise<CheckWithPath>;
}

/** A refusal: it validated no path. */
export const invalidWithoutPath = (code: SignatureRefusalCode, reason: string): CheckWithPath => ({
  check: { status: 'invalid', code, reason },
  path: [],
});
