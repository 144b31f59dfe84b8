import type { SignatureCheck, SignatureToVerify } from '../../../application/ports/signature-verifier';
import { SignatureVerifier } from '../../../application/ports/signature-verifier';
import { instantFromMillis } from '../../../domain/shared/instant';
import { DEFAULT_ALGORITHMS } from '../default-algorithms';
import { parseSignedData } from '../parse-signed-data';
import type { AlgorithmSuite } from '../signature-algorithm';
import type { TrustAnchors } from '../trust-anchors';
import { timestampTokenOf, verifyTimestampToken } from './timestamp-token';

/**
 * SPEC §8: a confirmation is judged at the time it is received, or at a verified timestamp's genTime.
 * With a signatureTimeStampToken the inner verifier (certificate validity, revocation) judges at
 * genTime, and the answer carries it so the decider can hold it to the request's term. A token that
 * does not verify refuses the signature; without TSA anchors configured, tokens are not read.
 */
export class TimestampingVerifier extends SignatureVerifier {
  constructor(
    private readonly inner: SignatureVerifier,
    private readonly tsaAnchors: TrustAnchors,
    private readonly algorithms: AlgorithmSuite = DEFAULT_ALGORITHMS,
  ) {
    super();
  }

  override async verify(input: SignatureToVerify): Promise<SignatureCheck> {
    const parsed = parseSignedData(input.signature);
    const [signerInfo] = parsed.ok ? parsed.value.signerInfos : [];
    // The inner verifier names what is wrong with a CMS that does not parse.
    if (signerInfo === undefined) return this.inner.verify(input);
    const token = timestampTokenOf(signerInfo);
    if (token === 'absent') return this.inner.verify(input);
    if (token === 'malformed')
      return { status: 'invalid', code: 'signature_invalid', reason: 'timestamp_malformed' };

    const timestamp = await verifyTimestampToken(
      token,
      signerInfo.signature.valueBlock.valueHexView,
      this.tsaAnchors,
      this.algorithms,
    );
    if (typeof timestamp === 'string')
      return { status: 'invalid', code: 'signature_invalid', reason: timestamp };
    const genTime = instantFromMillis(timestamp.genTime.getTime());
    const check = await this.inner.verify({ ...input, at: genTime });
    return check.status === 'valid' ? { ...check, timestamp: { genTime, tsa: timestamp.tsa } } : check;
  }
}
