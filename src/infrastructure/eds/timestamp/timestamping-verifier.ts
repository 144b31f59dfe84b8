import type { SignatureCheck, SignatureToVerify } from '../../../application/ports/signature-verifier';
import { SignatureVerifier } from '../../../application/ports/signature-verifier';
import { instantFromMillis } from '../../../domain/shared/instant';
import type { CmsSignatureVerifier } from '../cms-signature-verifier';
import { DEFAULT_ALGORITHMS } from '../default-algorithms';
import { parseSignedData } from '../parse-signed-data';
import { invalidWithoutPath, type CheckWithPath, type PathVerifier } from '../path-verifier';
import type { AlgorithmSuite } from '../signature-algorithm';
import type { TrustAnchors } from '../trust-anchors';
import { timestampTokenOf, verifyTimestampToken } from './timestamp-token';

/**
 * SPEC §8: a confirmation is judged at the time it is received, or at a verified timestamp's genTime.
 * With a signatureTimeStampToken the inner verifier (certificate validity) judges at genTime, and the
 * answer carries it, so that revocation is asked as of genTime and the decider can hold it to the
 * request's term. A token that does not verify refuses the signature; without TSA anchors configured,
 * tokens are not read. The verification pool runs it on its worker threads, in front of the CMS verifier.
 */
export class TimestampingVerifier extends SignatureVerifier implements PathVerifier {
  constructor(
    private readonly inner: CmsSignatureVerifier,
    private readonly tsaAnchors: TrustAnchors,
    private readonly algorithms: AlgorithmSuite = DEFAULT_ALGORITHMS,
  ) {
    super();
  }

  override async verify(input: SignatureToVerify): Promise<SignatureCheck> {
    return (await this.verifyWithPath(input)).check;
  }

  async verifyWithPath(input: SignatureToVerify): Promise<CheckWithPath> {
    const parsed = parseSignedData(input.signature);
    // The CMS verifier names what is wrong with a CMS that does not parse.
    if (!parsed.ok) return this.inner.verifyWithPath(input);
    const signedData = parsed.value;
    const [signerInfo] = signedData.signerInfos;
    if (signerInfo === undefined) return this.inner.verifySignedData(signedData, input);
    const token = timestampTokenOf(signerInfo);
    if (token === 'absent') return this.inner.verifySignedData(signedData, input);
    if (token === 'malformed') return invalidWithoutPath('signature_invalid', 'timestamp_malformed');

    const timestamp = await verifyTimestampToken(
      token,
      signerInfo.signature.valueBlock.valueHexView,
      this.tsaAnchors,
      this.algorithms,
    );
    if (typeof timestamp === 'string') return invalidWithoutPath('signature_invalid', timestamp);
    const genTime = instantFromMillis(timestamp.genTime.getTime());
    const { check, path } = await this.inner.verifySignedData(signedData, { ...input, at: genTime });
    if (check.status !== 'valid') return { check, path };
    return { check: { ...check, timestamp: { genTime, tsa: timestamp.tsa } }, path };
  }
}
