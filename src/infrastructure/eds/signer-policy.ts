import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SignatureRefusalCode } from '../../application/ports/signature-verifier';
import { extensionValueOf, readableExtensionValue } from './certificate-extensions';
import { OID } from './oids';

// KeyUsage bits (RFC 5280 §4.2.1.3), in the first byte of the BIT STRING.
const DIGITAL_SIGNATURE = 0x80;
const NON_REPUDIATION = 0x40;
/** NCA RK's roles sit under this arc of the extended key usage; the individual's is `.1` (SPEC §8). */
const NCA_ROLE_ARC = '1.2.398.3.3.4.1.';

export interface SignerRefusal {
  readonly code: Extract<
    SignatureRefusalCode,
    'signer_is_ca' | 'not_an_individual' | 'certificate_not_for_signing'
  >;
  readonly reason: string;
}

const subjectValues = (certificate: pkijs.Certificate): string[] =>
  certificate.subject.typesAndValues.map((attribute) => String(attribute.value.getValue()));

/**
 * Only an individual's signing certificate confirms a request (SPEC R16, §8): not a CA's (cA=true), not a
 * legal entity's (`BIN` in the subject, or a role other than the individual's), and not one for
 * authentication (key usage without digitalSignature or nonRepudiation, or an extended key usage without
 * emailProtection). An extension that cannot be read allows nothing (`certificate-extensions.ts`).
 * Undefined when the certificate may sign; the IIN is checked apart (`signer_mismatch`).
 */
export function signerRefusal(certificate: pkijs.Certificate): SignerRefusal | undefined {
  const constraints = extensionValueOf(certificate.extensions, OID.basicConstraints);
  if (
    constraints.kind === 'read' &&
    constraints.value instanceof pkijs.BasicConstraints &&
    constraints.value.cA
  ) {
    return { code: 'signer_is_ca', reason: 'certificate_authority' };
  }
  // Whether it is a CA's cannot be told: not a certificate to sign with.
  if (constraints.kind === 'unreadable')
    return { code: 'certificate_not_for_signing', reason: 'basic_constraints' };

  // Rules §3: legal entities name their BIN (OU=BIN..., or a serialNumber BIN...).
  if (subjectValues(certificate).some((value) => /^BIN\d{12}$/.test(value))) {
    return { code: 'not_an_individual', reason: 'legal_entity_certificate' };
  }
  // No extended key usage: any purpose; one that cannot be read: none.
  const usages = extensionValueOf(certificate.extensions, OID.extendedKeyUsage);
  const purposes =
    usages.kind === 'absent'
      ? undefined
      : usages.kind === 'read' && usages.value instanceof pkijs.ExtKeyUsage
        ? usages.value.keyPurposes
        : [];
  const roles = (purposes ?? []).filter((purpose) => purpose.startsWith(NCA_ROLE_ARC));
  if (roles.length > 0 && !roles.includes(OID.individualRole)) {
    return { code: 'not_an_individual', reason: 'not_the_individual_role' };
  }

  // Absent or unreadable, a key usage allows no signing here.
  const keyUsage = readableExtensionValue(certificate.extensions, OID.keyUsage);
  const bits = keyUsage instanceof asn1js.BitString ? (keyUsage.valueBlock.valueHexView[0] ?? 0) : 0;
  if ((bits & (DIGITAL_SIGNATURE | NON_REPUDIATION)) === 0) {
    return { code: 'certificate_not_for_signing', reason: 'key_usage' };
  }
  if (purposes !== undefined && !purposes.includes(OID.emailProtection)) {
    return { code: 'certificate_not_for_signing', reason: 'extended_key_usage' };
  }
  return undefined;
}
