import { randomBytes } from 'node:crypto';
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass';
import type { GostCurve } from './gost-curves';

/** A public key: a point of the curve, by its affine coordinates. */
export interface GostPublicKey {
  readonly x: bigint;
  readonly y: bigint;
}

export interface GostSignatureValue {
  readonly r: bigint;
  readonly s: bigint;
}

/**
 * Public keys seen more than once (the CAs', which sign every chain) keep a window table, so their part
 * of a verification costs a fraction of a fresh key's. A small map, oldest first out.
 */
const KEY_CACHE_SIZE = 32;
const keyCache = new Map<string, { point: WeierstrassPoint<bigint>; uses: number }>();

function curvePoint(curve: GostCurve, key: GostPublicKey): WeierstrassPoint<bigint> {
  const id = `${curve.name}:${key.x.toString(16)}:${key.y.toString(16)}`;
  const cached = keyCache.get(id);
  if (cached !== undefined) {
    cached.uses += 1;
    if (cached.uses === 2) cached.point.precompute(4);
    return cached.point;
  }
  const point = curve.Point.fromAffine({ x: key.x, y: key.y });
  point.assertValidity();
  keyCache.set(id, { point, uses: 1 });
  if (keyCache.size > KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
  return point;
}

const mod = (value: bigint, modulus: bigint): bigint => ((value % modulus) + modulus) % modulus;

function inverse(value: bigint, modulus: bigint): bigint {
  let [oldR, r] = [mod(value, modulus), modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  return mod(oldS, modulus);
}

/** e of GOST R 34.10 §6.1 step 2: the digest's integer mod q, 1 when that is 0. */
const digestScalar = (alpha: bigint, curve: GostCurve): bigint => {
  const e = mod(alpha, curve.q);
  return e === 0n ? 1n : e;
};

/**
 * GOST R 34.10-2012 §6.2 (the same equations as 34.10-2001 and Kazakhstan's 34.310-2004): verifies the
 * signature (r, s) over the digest `alpha` (already an integer: byte order is the caller's business).
 * False for any malformed input: a point off the curve, r or s out of range.
 */
export function verifyGost(
  curve: GostCurve,
  key: GostPublicKey,
  alpha: bigint,
  signature: GostSignatureValue,
): boolean {
  const { q } = curve;
  const { r, s } = signature;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  let point;
  try {
    point = curvePoint(curve, key);
  } catch {
    return false;
  }
  const v = inverse(digestScalar(alpha, curve), q);
  const z1 = mod(s * v, q);
  const z2 = mod(-r * v, q);
  const c = curve.Point.BASE.multiplyUnsafe(z1).add(point.multiplyUnsafe(z2));
  if (c.is0()) return false;
  return mod(c.toAffine().x, q) === r;
}

/** A uniformly random scalar in [1, q-1] from the operating system's generator. */
export function randomScalar(curve: GostCurve): bigint {
  for (;;) {
    const candidate = BigInt(`0x${randomBytes(curve.size + 8).toString('hex')}`) % curve.q;
    if (candidate !== 0n) return candidate;
  }
}

export const publicKeyOf = (curve: GostCurve, privateKey: bigint): GostPublicKey =>
  curve.Point.BASE.multiply(privateKey).toAffine();

/**
 * GOST R 34.10-2012 §6.1 signing, for the development PKI and the worked examples (`k` given). Not for
 * keys that matter: it makes no effort against timing leaks.
 */
export function signGost(
  curve: GostCurve,
  privateKey: bigint,
  alpha: bigint,
  k: bigint = randomScalar(curve),
): GostSignatureValue {
  const e = digestScalar(alpha, curve);
  for (let nonce = k; ; nonce = randomScalar(curve)) {
    const r = mod(curve.Point.BASE.multiply(nonce).toAffine().x, curve.q);
    const s = mod(r * privateKey + nonce * e, curve.q);
    if (r !== 0n && s !== 0n) return { r, s };
  }
}
