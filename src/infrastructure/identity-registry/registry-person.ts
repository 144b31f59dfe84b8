import type { IdentityCheck } from '../../application/ports/identity-registry';

/** A person as the identity registry describes them: `{iin, status: "active" | "deceased" | ..., documentsValid}`. */
export interface RegistryPerson {
  readonly iin: string;
  readonly status: string;
  readonly documentsValid: boolean;
}

/** The registry's record read from JSON, or undefined when it does not have that shape. */
export function parseRegistryPerson(value: unknown): RegistryPerson | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { iin, status, documentsValid } = value as Record<string, unknown>;
  if (typeof iin !== 'string' || typeof status !== 'string' || typeof documentsValid !== 'boolean') {
    return undefined;
  }
  return { iin, status, documentsValid };
}

/**
 * R3 (Annex 8, Annex 9.1): an identity is verified only for a living, active person with valid identity
 * documents; a person the registry does not know (`undefined`) is not.
 */
export function identityCheckOf(person: RegistryPerson | undefined): IdentityCheck {
  if (!person) return { status: 'not_verified', reason: 'unknown_iin' };
  if (person.status !== 'active') return { status: 'not_verified', reason: 'person_not_active' };
  if (!person.documentsValid) return { status: 'not_verified', reason: 'documents_invalid' };
  return { status: 'verified' };
}
