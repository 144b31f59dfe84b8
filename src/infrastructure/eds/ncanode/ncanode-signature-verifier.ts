import type { SignatureCheck, SignatureToVerify } from '../../../application/ports/signature-verifier';
import { SignatureVerifier } from '../../../application/ports/signature-verifier';
import type { Iin } from '../../../domain/shared/iin';
import { instantFromMillis, type Instant } from '../../../domain/shared/instant';
import { octets, parseSignedData } from '../parse-signed-data';
import { boundedFetch, ResponderUnavailable, type FetchLimits } from '../revocation/bounded-fetch';
import { REVOCATION_RETRY_AFTER_SECONDS } from '../revocation/revocation-checking-verifier';
import { parseNcanodeVerification, type NcanodeCertificate } from './ncanode-answer';

/** NCANode's names for a signing certificate and an individual's one (CertificateInfo.keyUsage/keyUser). */
const SIGNING_USAGE = 'SIGN';
const INDIVIDUAL = 'INDIVIDUAL';

const invalid = (code: 'signature_invalid' | 'certificate_untrusted' | 'signer_mismatch', reason: string) =>
  ({ status: 'invalid', code, reason }) as const;
const unavailable = (reason: string): SignatureCheck => ({
  status: 'unavailable',
  reason,
  retryAfterSeconds: REVOCATION_RETRY_AFTER_SECONDS,
});

/**
 * SPEC §8: delegates the CMS check to NCANode (`POST /cms/verify` with OCSP and CRL checks), then
 * checks itself what R16 asks of the signer: the signed content is `dataToSign`, one signer, a signing
 * certificate of an individual naming the request's IIN. NCANode down or confused: fail closed.
 */
export class NcanodeSignatureVerifier extends SignatureVerifier {
  constructor(
    private readonly baseUrl: string,
    private readonly limits: FetchLimits,
    private readonly now: () => Instant,
  ) {
    super();
  }

  override async verify(input: SignatureToVerify): Promise<SignatureCheck> {
    const parsed = parseSignedData(input.signature);
    if (!parsed.ok) return invalid('signature_invalid', parsed.error);
    const eContent = parsed.value.encapContentInfo.eContent;
    // A replayed signature over another request's dataToSign (attached); detached, NCANode checks `data`.
    if (eContent !== undefined && !octets(eContent).equals(input.dataToSign)) {
      return invalid('signature_invalid', 'content_mismatch');
    }

    let answer;
    try {
      answer = await boundedFetch(new URL('cms/verify', withSlash(this.baseUrl)).toString(), this.limits, {
        method: 'POST',
        contentType: 'application/json',
        accept: 'application/json',
        body: Buffer.from(
          JSON.stringify({
            cms: input.signature.replace(/\s+/g, ''),
            ...(eContent === undefined ? { data: input.dataToSign.toString('base64') } : {}),
            revocationCheck: ['OCSP', 'CRL'],
          }),
        ),
      });
    } catch (error) {
      if (error instanceof ResponderUnavailable) return unavailable(`ncanode_${error.reason}`);
      throw error;
    }
    // NCANode answers 400 for a CMS it cannot read: the citizen's signature, not an outage.
    if (answer.status === 400) return invalid('signature_invalid', 'ncanode_rejected');
    if (answer.status !== 200) return unavailable(`ncanode_http_${answer.status}`);
    let body: unknown;
    try {
      body = JSON.parse(answer.body.toString('utf8'));
    } catch {
      return unavailable('ncanode_malformed_answer');
    }
    const verification = parseNcanodeVerification(body);
    if (verification === undefined) return unavailable('ncanode_malformed_answer');

    const [signer, ...others] = verification.signers;
    if (signer === undefined || others.length > 0) return invalid('signature_invalid', 'expected_one_signer');
    const [certificate] = signer.certificates;
    if (certificate === undefined) return unavailable('ncanode_malformed_answer');
    if (certificate.revocations.some((revocation) => revocation.revoked)) {
      return invalid('certificate_untrusted', 'certificate_revoked');
    }
    // Valid as a whole with a certificate NCANode itself calls invalid: not valid.
    if (!verification.valid || !certificate.valid) {
      return certificate.valid
        ? invalid('signature_invalid', 'signature_mismatch')
        : invalid('certificate_untrusted', 'ncanode_certificate_invalid');
    }
    const checked = ['OCSP', 'CRL'].filter((method) => certificate.revocations.some((r) => r.by === method));
    if (checked.length === 0) return unavailable('ncanode_no_revocation_check');

    const refusal = signerProblem(certificate, input.expectedIin);
    if (refusal !== undefined) return refusal;
    const genTime = signer.tspGenTime === undefined ? Number.NaN : Date.parse(signer.tspGenTime);
    return {
      status: 'valid',
      signerIin: input.expectedIin as Iin,
      certificateSerial: (certificate.serialNumber ?? '').toLowerCase(),
      ...(Number.isNaN(genTime)
        ? {}
        : { timestamp: { genTime: instantFromMillis(genTime), tsa: signer.tsa ?? 'ncanode' } }),
      revocation: { method: 'external', verifier: 'ncanode', checks: checked, checkedAt: this.now() },
    };
  }
}

/** SPEC §8: only an individual's signing certificate naming the request's IIN confirms (R16). */
function signerProblem(certificate: NcanodeCertificate, expectedIin: Iin): SignatureCheck | undefined {
  if (certificate.keyUsage !== SIGNING_USAGE)
    return invalid('certificate_untrusted', 'certificate_not_for_signing');
  if (!certificate.keyUser.includes(INDIVIDUAL)) {
    return invalid('certificate_untrusted', 'certificate_not_of_an_individual');
  }
  if (certificate.iin !== expectedIin) return invalid('signer_mismatch', 'certificate_names_another_iin');
  return undefined;
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);
