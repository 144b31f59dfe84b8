import { hash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../config/config';
import { ROLES, type Principal, type Role } from './principal';

/** The development keys, printed in the README; refused in production. */
export const DEVELOPMENT_API_KEYS: ReadonlyArray<{
  key: string;
  principal: string;
  role: Role;
  bankId?: string;
}> = [
  { key: 'dev-portal-key', principal: 'portal', role: 'channel:portal' },
  { key: 'dev-mobile-key', principal: 'egov-mobile', role: 'channel:egov-mobile' },
  { key: 'dev-bank-key', principal: 'dev-bank', role: 'channel:bank', bankId: 'dev-bank' },
  { key: 'dev-reviewer-key', principal: 'reviewer', role: 'reviewer' },
  { key: 'dev-auditor-key', principal: 'auditor', role: 'auditor' },
];

const sha256 = (secret: string) => hash('sha256', secret, 'buffer');

/** API keys by the SHA-256 of their secret: the secrets themselves are not kept in memory. */
export class ApiKeys {
  private constructor(private readonly entries: ReadonlyArray<{ digest: Buffer; principal: Principal }>) {}

  static development(): ApiKeys {
    return new ApiKeys(
      DEVELOPMENT_API_KEYS.map((k) => ({
        digest: sha256(k.key),
        principal: { id: k.principal, role: k.role, ...(k.bankId ? { bankId: k.bankId } : {}) },
      })),
    );
  }

  /** `{"keys": [{"key" | "sha256", "principal", "role", "bankId"?}]}` (SPEC §4). */
  static fromFile(file: string, mode: 'development' | 'production'): ApiKeys {
    const variable = 'NUMLINK_API_KEYS_FILE';
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(variable, `cannot read ${file}: ${(error as Error).message}`);
    }
    const keys = (parsed as { keys?: unknown }).keys;
    if (!Array.isArray(keys) || keys.length === 0)
      throw new ConfigError(variable, `${file} has no "keys" array`);
    const developmentDigests = ApiKeys.development().entries.map((e) => e.digest.toString('hex'));
    const entries = keys.map((raw: unknown, i) => {
      const entry = raw as Record<string, unknown>;
      const where = `${file} keys[${i}]`;
      const role = entry.role as Role;
      if (!ROLES.includes(role))
        throw new ConfigError(variable, `${where}: role must be one of ${ROLES.join(', ')}`);
      if (typeof entry.principal !== 'string' || entry.principal === '') {
        throw new ConfigError(variable, `${where}: principal is required`);
      }
      // A development key is recognised by its hash (whether given as secret or hash) before any other check.
      const digest =
        typeof entry.key === 'string'
          ? sha256(entry.key)
          : typeof entry.sha256 === 'string' && /^[0-9a-fA-F]{64}$/.test(entry.sha256)
            ? Buffer.from(entry.sha256, 'hex')
            : undefined;
      if (mode === 'production' && digest && developmentDigests.includes(digest.toString('hex'))) {
        throw new ConfigError(variable, `${where}: a development key may not be used in production`);
      }
      const wellFormed =
        typeof entry.key === 'string' ? entry.key.length >= 16 : /^[0-9a-f]{64}$/.test(String(entry.sha256));
      if (!digest || !wellFormed)
        throw new ConfigError(variable, `${where}: give "key" (16+ characters) or "sha256" (lowercase hex)`);
      if (role === 'channel:bank' && typeof entry.bankId !== 'string') {
        throw new ConfigError(variable, `${where}: a channel:bank key needs its bankId`);
      }
      const principal: Principal = {
        id: entry.principal,
        role,
        ...(typeof entry.bankId === 'string' ? { bankId: entry.bankId } : {}),
      };
      return { digest, principal };
    });
    return new ApiKeys(entries);
  }

  /** The principal of a presented secret, compared in constant time. */
  authenticate(secret: string): Principal | undefined {
    const digest = sha256(secret);
    let found: Principal | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, digest)) found = entry.principal;
    return found;
  }
}
