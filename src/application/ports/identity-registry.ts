import type { Iin } from '../../domain/shared/iin';

/** Why the registry does not confirm an identity (Annex 8, Annex 9.1). */
export type IdentityNotVerifiedReason = 'unknown_iin' | 'person_not_active' | 'documents_invalid';

export type IdentityCheck =
  | { readonly status: 'verified' }
  | { readonly status: 'not_verified'; readonly reason: IdentityNotVerifiedReason };

/**
 * The registry could not answer (unreachable, timed out, failed, or answered nonsense). Not a refusal:
 * the HTTP layer answers 503. The message never holds the IIN.
 */
export class IdentityRegistryUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityRegistryUnavailableError';
  }
}

/**
 * Annex 9.1: identity documents are checked in the state identity registry through the e-government
 * gateway. An unknown IIN or invalid documents give `identity_not_verified` (R3).
 */
export abstract class IdentityRegistry {
  /** Throws `IdentityRegistryUnavailableError` when the registry cannot answer. */
  abstract check(iin: Iin): Promise<IdentityCheck>;
}
