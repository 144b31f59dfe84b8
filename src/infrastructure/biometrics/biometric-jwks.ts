import type { JSONWebKeySet } from 'jose';

const ASYMMETRIC_KEY_TYPES = new Set(['RSA', 'EC', 'OKP']);
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/**
 * Reads the biometric provider's public keys (`NUMLINK_BIOMETRIC_JWKS`, SPEC R17). Throws on anything
 * but a non-empty set of public asymmetric keys: a shared secret there would let anyone holding the
 * file mint results.
 */
export function parseBiometricJwks(jsonText: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch {
    throw new Error('the biometric JWKS is not valid JSON');
  }
  const keys: unknown =
    typeof parsed === 'object' && parsed !== null ? (parsed as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0)
    throw new Error('the biometric JWKS needs a non-empty "keys" array');
  keys.forEach((key: unknown, index) => {
    if (typeof key !== 'object' || key === null)
      throw new Error(`biometric JWKS key #${index + 1} is not an object`);
    const kty: unknown = (key as { kty?: unknown }).kty;
    if (typeof kty !== 'string' || !ASYMMETRIC_KEY_TYPES.has(kty)) {
      throw new Error(`biometric JWKS key #${index + 1} is not an RSA, EC or OKP public key`);
    }
    if (PRIVATE_MEMBERS.some((member) => member in key)) {
      throw new Error(`biometric JWKS key #${index + 1} holds private key material`);
    }
  });
  return parsed as JSONWebKeySet;
}
