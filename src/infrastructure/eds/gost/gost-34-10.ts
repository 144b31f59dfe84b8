import { randomBytes } from 'node:crypto';
import { BoundedMap } from '../../../application/bounded-map';
import type { GostCurve } from './gost-curves';
import { addPoints, isOnCurve, type AffinePoint } from './jacobian-point';
import { invert } from './prime-field';
import { multiply, multiplyByTable, windowTable, type WindowTable } from './scalar-multiplication';

/** A public key: a point of the curve, by its affine coordinates. */
export interface GostPublicKey {
  readonly x: bigint;
  readonly y: bigint;
}

export interface GostSignatureValue {
  readonly r: bigint;
  readonly s: bigint;
}

/** Window widths: the generator's table (built once per curve and thread), a repeated key's table. */
const GENERATOR_WINDOW = 6;
const KEY_WINDOW = 5;
const generatorTables = new WeakMap<GostCurve, WindowTable>();

function generatorTable(curve: GostCurve): WindowTable {
  let table = generatorTables.get(curve);
  if (table === undefined) {
    table = windowTable(curve.arithmetic, curve.generator, GENERATOR_WINDOW, bitLength(curve.q));
    generatorTables.set(curve, table);
  }
  return table;
}

/**
 * Public keys seen again and again (the CAs', which sign every chain) keep a window table, so their part
 * of a verification costs a fraction of a fresh key's. A table costs about a dozen fresh-key
 * multiplications to build (20 ms on tc26-512-A), so a key earns one on its TABLE_AFTER_USES-th use: a
 * citizen's key verified twice does not. A small map, the least recently used key out, so that citizens'
 * keys, each seen once, never push out a CA's.
 */
const KEY_CACHE_SIZE = 32;
const TABLE_AFTER_USES = 8;
interface KnownKey {
  readonly point: AffinePoint;
  uses: number;
  table?: WindowTable;
}
const keyCache = new BoundedMap<string, KnownKey>(KEY_CACHE_SIZE);

/** The key as a validated point: on the curve and, where the cofactor is not 1, of order q. */
function knownKey(curve: GostCurve, key: GostPublicKey): KnownKey | undefined {
  const id = `${curve.name}:${key.x.toString(16)}:${key.y.toString(16)}`;
  const cached = keyCache.get(id);
  if (cached !== undefined) {
    keyCache.set(id, cached);
    cached.uses += 1;
    if (cached.uses === TABLE_AFTER_USES)
      cached.table = windowTable(curve.arithmetic, cached.point, KEY_WINDOW, bitLength(curve.q));
    return cached;
  }
  const point = { x: key.x, y: key.y };
  if (!isOnCurve(curve.arithmetic, point)) return undefined;
  if (curve.cofactor !== 1n && multiply(curve.arithmetic, point, curve.q).Z !== 0n) return undefined;
  const known: KnownKey = { point, uses: 1 };
  keyCache.set(id, known);
  return known;
}

const bitLength = (value: bigint): number => value.toString(2).length;

const mod = (value: bigint, modulus: bigint): bigint => ((value % modulus) + modulus) % modulus;

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
  const { q, arithmetic } = curve;
  const { r, s } = signature;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  const known = knownKey(curve, key);
  if (known === undefined) return false;
  const v = invert(digestScalar(alpha, curve), q);
  const z1 = (s * v) % q;
  const z2 = ((q - r) * v) % q;
  const c = addPoints(
    arithmetic,
    multiplyByTable(arithmetic, generatorTable(curve), z1),
    known.table === undefined
      ? multiply(arithmetic, known.point, z2)
      : multiplyByTable(arithmetic, known.table, z2),
  );
  if (c.Z === 0n) return false;
  // x(C) mod q = r without an inversion: x(C) = X/Z^2 is one of r, r + q, ... below p.
  const { p, reduce } = arithmetic.field;
  const zz = reduce(c.Z * c.Z);
  for (let candidate = r; candidate < p; candidate += q) if (reduce(candidate * zz) === c.X) return true;
  return false;
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
