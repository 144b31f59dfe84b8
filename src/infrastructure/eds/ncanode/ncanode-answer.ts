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

/** What goes into the event store from here: a certificate serial (hex) and a TSA's name (short text). */
const SERIAL = /^[0-9A-Fa-f]{1,64}$/;
// No control character, no unpaired surrogate (PostgreSQL's jsonb refuses both).
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const NAME = /^[^\u0000-\u001f\u007f\uD800-\uDFFF]{1,256}$/u;
/** Absent, or a string of that shape; null for anything else (the answer is then malformed). */
const shaped = (value: unknown, shape: RegExp): string | undefined | null =>
  value === undefined || value === null
    ? undefined
    : typeof value === 'string' && shape.test(value)
      ? value
      : null;

type Revocation = NcanodeCertificate['revocations'][number];

/** An entry that does not say revoked: true or false said nothing: the answer is malformed. */
const revocationOf = (value: unknown): Revocation | undefined =>
  isObject(value) && typeof value.revoked === 'boolean'
    ? { revoked: value.revoked, by: optionalString(value.by) }
    : undefined;

function certificateOf(value: unknown): NcanodeCertificate | undefined {
  if (!isObject(value) || typeof value.valid !== 'boolean') return undefined;
  const subject = isObject(value.subject) ? value.subject : {};
  const serialNumber = shaped(value.serialNumber, SERIAL);
  const revocations = list(value.revocations).map(revocationOf);
  if (serialNumber === null || revocations.includes(undefined)) return undefined;
  return {
    valid: value.valid,
    keyUsage: optionalString(value.keyUsage),
    keyUser: list(value.keyUser).filter((role): role is string => typeof role === 'string'),
    serialNumber,
    iin: optionalString(subject.iin),
    revocations: revocations as Revocation[],
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
    const tsa = shaped(tsp?.tsa ?? tsp?.serialNumber, NAME);
    if (tsa === null) return undefined;
    signers.push({
      certificates: certificates as NcanodeCertificate[],
      tspGenTime: optionalString(tsp?.genTime),
      tsa,
    });
  }
  return { valid: body.valid, signers };
}
