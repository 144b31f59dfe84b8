/** Nest injection tokens for values that are not classes. */
export const LOGGER = Symbol('Logger');
export const CONFIG = Symbol('Config');
export const SQL_DATABASE = Symbol('SqlDatabase');
/** The Ed25519 public keys audit checkpoints may be signed with (the current key and retired ones). */
export const AUDIT_PUBLIC_KEYS = Symbol('AuditPublicKeys');
