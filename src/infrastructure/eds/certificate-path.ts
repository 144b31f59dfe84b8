import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { err, ok, type Result } from '../../domain/shared/result';
import { OID } from './oids';
import type { AlgorithmSuite } from './signature-algorithm';
import type { TrustAnchors } from './trust-anchors';
import { derHexOf, publicKeyInfoOf, subjectHexOf } from './certificate-der';
import { extensionValueOf, readableExtensionValue } from './certificate-extensions';

/** Why a signer certificate is not trusted (SPEC §4 "Signatures": `details.reason`). */
export type UntrustedReason =
  | 'certificate_expired'
  | 'certificate_not_yet_valid'
  | 'issuer_certificate_expired'
  | 'issuer_certificate_not_yet_valid'
  | 'no_path_to_trust_anchor'
  | 'path_search_budget_exceeded';

/** Guards against loops and absurd chains; real ones (root, intermediate, leaf) are short. */
const MAX_PATH_LENGTH = 8;
/**
 * The path search's budget (SPEC §7: no input blocks for long). A real chain needs one signature check
 * per link; hostile sets of look-alike CAs (one name, one key) would otherwise make the search try every
 * ordering of them. Each (certificate, issuer) pair is checked at most once.
 */
const MAX_SIGNATURE_CHECKS = 8;
const MAX_SEARCH_STEPS = 64;
// KeyUsage bits (RFC 5280 §4.2.1.3), in the first byte of the BIT STRING.
const KEY_CERT_SIGN = 0x04;

/**
 * Does the certificate's key usage allow one of these bits? A certificate without the extension allows
 * all; one whose key usage cannot be read allows none.
 */
function allowsUsage(certificate: pkijs.Certificate, bits: number): boolean {
  const usage = extensionValueOf(certificate.extensions, OID.keyUsage);
  if (usage.kind === 'absent') return true;
  return (
    usage.kind === 'read' &&
    usage.value instanceof asn1js.BitString &&
    ((usage.value.valueBlock.valueHexView[0] ?? 0) & bits) !== 0
  );
}

/** May this certificate issue others? It must say so (basicConstraints cA, keyCertSign when key usage is given). */
function isCertificateAuthority(certificate: pkijs.Certificate): boolean {
  const constraints = readableExtensionValue(certificate.extensions, OID.basicConstraints);
  return (
    constraints instanceof pkijs.BasicConstraints &&
    constraints.cA === true &&
    allowsUsage(certificate, KEY_CERT_SIGN)
  );
}

/** How many intermediates may follow this CA towards the leaf, when it limits them. */
function pathLengthLimit(certificate: pkijs.Certificate): number | undefined {
  const constraints = readableExtensionValue(certificate.extensions, OID.basicConstraints);
  if (!(constraints instanceof pkijs.BasicConstraints)) return undefined;
  const limit = constraints.pathLenConstraint;
  return typeof limit === 'number'
    ? limit
    : limit instanceof asn1js.Integer
      ? limit.valueBlock.valueDec
      : undefined;
}

export async function isSignedBy(
  certificate: pkijs.Certificate,
  issuer: pkijs.Certificate,
  algorithms: AlgorithmSuite,
): Promise<boolean> {
  const algorithm = algorithms.signatures.get(certificate.signatureAlgorithm.algorithmId);
  if (algorithm === undefined) return false;
  const parameters: unknown = certificate.signatureAlgorithm.algorithmParams;
  try {
    return await algorithm.verify({
      data: certificate.tbsView,
      signature: certificate.signatureValue.valueBlock.valueHexView,
      publicKeyInfo: publicKeyInfoOf(issuer),
      parameters:
        parameters instanceof asn1js.BaseBlock ? new Uint8Array(parameters.toBER(false)) : undefined,
    });
  } catch {
    return false;
  }
}

function validityProblem(certificate: pkijs.Certificate, at: Date): 'expired' | 'not_yet_valid' | undefined {
  if (at < certificate.notBefore.value) return 'not_yet_valid';
  if (at > certificate.notAfter.value) return 'expired';
  return undefined;
}

/**
 * Chains `leaf` to one of the trust anchors through the given intermediates (those embedded in the
 * CMS), checking each link's signature and issuing rights, and that every certificate of the path is
 * valid at `at`, within a budget of signature checks and search steps. Answers the path, leaf first,
 * anchor last.
 */
export async function validateCertificatePath(
  leaf: pkijs.Certificate,
  intermediates: readonly pkijs.Certificate[],
  anchors: TrustAnchors,
  at: Date,
  algorithms: AlgorithmSuite,
): Promise<Result<readonly pkijs.Certificate[], UntrustedReason>> {
  const leafProblem = validityProblem(leaf, at);
  if (leafProblem !== undefined) return err(`certificate_${leafProblem}` as const);

  const anchorDers = new Set(anchors.map(derHexOf));
  const isAnchor = (certificate: pkijs.Certificate) => anchorDers.has(derHexOf(certificate));
  // Certificates of one name and one key are one candidate issuer (the one valid at `at` first): a
  // re-issued CA stays usable, and look-alike copies cannot multiply the search.
  const seen = new Set<string>();
  const candidates = [...anchors, ...intermediates]
    .map((candidate, order) => ({ candidate, order, valid: validityProblem(candidate, at) === undefined }))
    .sort((a, b) => Number(b.valid) - Number(a.valid) || a.order - b.order)
    .map(({ candidate }) => candidate)
    .filter((candidate) => {
      const identity = `${subjectHexOf(candidate)}/${Buffer.from(publicKeyInfoOf(candidate)).toString('hex')}`;
      if (seen.has(identity) && !isAnchor(candidate)) return false;
      seen.add(identity);
      return true;
    });
  const checked = new Map<string, boolean>();
  let signatureChecks = 0;
  let steps = 0;
  let exhausted = false;

  const signedBy = async (certificate: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> => {
    const pair = `${derHexOf(certificate)}/${derHexOf(issuer)}`;
    const known = checked.get(pair);
    if (known !== undefined) return known;
    if (signatureChecks >= MAX_SIGNATURE_CHECKS) {
      exhausted = true;
      return false;
    }
    signatureChecks += 1;
    const verified = await isSignedBy(certificate, issuer, algorithms);
    checked.set(pair, verified);
    return verified;
  };

  const extend = async (
    path: readonly pkijs.Certificate[],
  ): Promise<readonly pkijs.Certificate[] | undefined> => {
    const last = path[path.length - 1] as pkijs.Certificate;
    if (isAnchor(last)) return path;
    steps += 1;
    if (steps > MAX_SEARCH_STEPS) exhausted = true;
    if (exhausted || path.length >= MAX_PATH_LENGTH) return undefined;
    const issuers = candidates.filter(
      (candidate) => candidate.subject.isEqual(last.issuer) && !path.includes(candidate),
    );
    for (const issuer of issuers) {
      if (!isAnchor(issuer) && !isCertificateAuthority(issuer)) continue;
      const intermediatesBelow = path.length - 1;
      const limit = pathLengthLimit(issuer);
      if (limit !== undefined && intermediatesBelow > limit) continue;
      if (!(await signedBy(last, issuer))) continue;
      const found = await extend([...path, issuer]);
      if (found !== undefined) return found;
      if (exhausted) return undefined;
    }
    return undefined;
  };

  const path = await extend([leaf]);
  if (path === undefined) return err(exhausted ? 'path_search_budget_exceeded' : 'no_path_to_trust_anchor');
  for (const issuer of path.slice(1)) {
    const problem = validityProblem(issuer, at);
    if (problem !== undefined) return err(`issuer_certificate_${problem}` as const);
  }
  return ok(path);
}
