import {
  calculateJwkThumbprint,
  exportJWK,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from 'jose';
import { toMillis, type Instant } from '../../domain/shared/instant';
import type { NodeKeyKind, NodeSigningKey } from './signing-key';

const JWS_ALGORITHMS: Readonly<Record<NodeKeyKind, string>> = {
  rsa: 'RS256',
  ecdsa: 'ES256',
  ed25519: 'EdDSA',
};

/** What a biometric provider says about one authentication (SPEC R17). */
export interface BiometricResult {
  readonly issuer: string;
  readonly iin: string;
  readonly requestId: string;
  readonly issuedAt: Instant;
  /** The provider's term; numlink accepts at most 5 minutes. */
  readonly validForSeconds: number;
}

export function biometricResultClaims(result: BiometricResult): JWTPayload {
  const iat = Math.floor(toMillis(result.issuedAt) / 1000);
  return {
    iss: result.issuer,
    sub: result.iin,
    nonce: result.requestId,
    result: 'match',
    iat,
    exp: iat + result.validForSeconds,
  };
}

/** The key id a JWKS lists this key under: its RFC 7638 thumbprint. */
export async function publicJwkOf(key: NodeSigningKey): Promise<JWK> {
  const jwk = await exportJWK(key.publicKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: JWS_ALGORITHMS[key.kind], use: 'sig' };
}

export async function jwksOf(keys: readonly NodeSigningKey[]): Promise<JSONWebKeySet> {
  return { keys: await Promise.all(keys.map(publicJwkOf)) };
}

/** A compact JWS of exactly these claims, its header naming the key's id (or the one given). */
export async function signBiometricToken(
  claims: JWTPayload,
  key: NodeSigningKey,
  keyId?: string,
): Promise<string> {
  const kid = keyId ?? (await publicJwkOf(key)).kid;
  return new SignJWT(claims).setProtectedHeader({ alg: JWS_ALGORITHMS[key.kind], kid }).sign(key.privateKey);
}
