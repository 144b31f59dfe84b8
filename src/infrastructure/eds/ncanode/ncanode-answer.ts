/**
 * The parts of NCANode 3's `POST /cms/verify` answer numlink reads (its openapi.yml and DTOs:
 * CmsVerificationResponse, CmsSignerInfo, CertificateInfo, CertificateRevocationStatus, TspInfo).
 * Everything is checked as untrusted JSON: a field of the wrong type is no answer.
 */
export interface NcanodeCertificate {
  readonly valid: boolean;
  readonly keyUsage: string | undefined;
  readonly keyUser: readonly string[];
  readonly serialNumber: string | undefined;
  readonly iin: string | undefined;
  readonly revocations: ReadonlyArray<{ readonly revoked: boolean; readonly by: string | undefined }>;
}

export interface NcanodeSigner {
  /** The chain NCANode built, the signer's certificate first. */
  readonly certificates: readonly NcanodeCertificate[];
  readonly tspGenTime: string | undefined;
  readonly tsa: string | undefined;
}

export interface NcanodeVerification {
  readonly valid: boolean;
  readonly signers: readonly NcanodeSigner[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function certificateOf(value: unknown): NcanodeCertificate | undefined {
  if (!isObject(value) || typeof value.valid !== 'boolean') return undefined;
  const subject = isObject(value.subject) ? value.subject : {};
  return {
    valid: value.valid,
    keyUsage: optionalString(value.keyUsage),
    keyUser: list(value.keyUser).filter((role): role is string => typeof role === 'string'),
    serialNumber: optionalString(value.serialNumber),
    iin: optionalString(subject.iin),
    revocations: list(value.revocations)
      .filter(isObject)
      .map((revocation) => ({ revoked: revocation.revoked === true, by: optionalString(revocation.by) })),
  };
}

/** The answer, or undefined when it is not the documented shape. */
export function parseNcanodeVerification(body: unknown): NcanodeVerification | undefined {
  if (!isObject(body) || typeof body.valid !== 'boolean' || !Array.isArray(body.signers)) return undefined;
  const signers: NcanodeSigner[] = [];
  for (const signer of body.signers) {
    if (!isObject(signer)) return undefined;
    // The DTO names the chain `certificates`; the openapi.yml of the same release says `signers`.
    const certificates = list(signer.certificates ?? signer.signers).map(certificateOf);
    if (certificates.some((certificate) => certificate === undefined)) return undefined;
    const tsp = isObject(signer.tsp) ? signer.tsp : undefined;
    signers.push({
      certificates: certificates as NcanodeCertificate[],
      tspGenTime: optionalString(tsp?.genTime),
      tsa: optionalString(tsp?.tsa) ?? optionalString(tsp?.serialNumber),
    });
  }
  return { valid: body.valid, signers };
}
