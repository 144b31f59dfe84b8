import { hash } from 'node:crypto';
import { canonicalJson } from '../../application/canonical-json';

/** The previous hash of the first record: there is none before it. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What one audit record says, exactly as its hash covers it: the record the API shows without its
 * `prevHash` and `hash`, plus the event id. `position` is the dense chain index 1, 2, 3…
 */
export interface AuditRecordContent {
  readonly position: number;
  readonly eventId: string;
  /** ISO-8601 UTC with milliseconds, the one form the table gives back. */
  readonly recordedAt: string;
  readonly type: string;
  readonly streamId: string;
  readonly actor: { readonly principal: string; readonly role: string; readonly channel: string | null };
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: unknown;
}

/** A record as stored and shown: its content and its two links of the chain. */
export interface AuditRecord extends AuditRecordContent {
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * SPEC §5: each record's hash covers the previous hash and the canonical record. `crypto.hash` hashes
 * in one call, without the stream object `createHash` builds (half the time for a record's text).
 */
export function auditRecordHash(prevHash: string, content: AuditRecordContent): string {
  return hash('sha256', `${prevHash}\n${canonicalJson(content)}`, 'hex');
}
