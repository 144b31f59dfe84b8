import { add, invert, sub, type PrimeField } from './prime-field';

/**
 * Points of y^2 = x^3 + a*x + b in Jacobian coordinates (x = X/Z^2, y = Y/Z^3; Z = 0 is the point at
 * infinity), the textbook formulas of the Explicit-Formulas Database (dbl-2001-b when a = -3, as on
 * CryptoPro-A and tc26-512-A; dbl-2007-bl otherwise; add-1998-cmo-2; madd-2004-hmv). Verification only:
 * nothing here is constant-time, and nothing secret goes through it.
 */
export interface JacobianPoint {
  readonly X: bigint;
  readonly Y: bigint;
  readonly Z: bigint;
}

export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}

export interface CurveArithmetic {
  readonly field: PrimeField;
  readonly a: bigint;
  readonly b: bigint;
  readonly aIsMinus3: boolean;
}

export const INFINITY: JacobianPoint = { X: 1n, Y: 1n, Z: 0n };

export const fromAffine = ({ x, y }: AffinePoint): JacobianPoint => ({ X: x, Y: y, Z: 1n });

export const negate = (point: JacobianPoint, p: bigint): JacobianPoint =>
  point.Y === 0n ? point : { X: point.X, Y: p - point.Y, Z: point.Z };

export const negateAffine = (point: AffinePoint, p: bigint): AffinePoint =>
  point.y === 0n ? point : { x: point.x, y: p - point.y };

/** Whether (x, y) lies on the curve, both coordinates in [0, p). */
export function isOnCurve(curve: CurveArithmetic, { x, y }: AffinePoint): boolean {
  const { p, reduce } = curve.field;
  if (x < 0n || x >= p || y < 0n || y >= p) return false;
  const right = reduce(reduce(reduce(x * x) * x) + reduce(curve.a * x) + curve.b);
  return reduce(y * y) === right;
}

export function double(curve: CurveArithmetic, point: JacobianPoint): JacobianPoint {
  const { p, reduce } = curve.field;
  const { X, Y, Z } = point;
  if (Z === 0n || Y === 0n) return INFINITY;
  if (curve.aIsMinus3) {
    // Small multiples by additions: cheaper than a product and its reduction.
    const delta = reduce(Z * Z);
    const gamma = reduce(Y * Y);
    const beta = reduce(X * gamma);
    const product = reduce(sub(X, delta, p) * add(X, delta, p));
    const alpha = add(add(product, product, p), product, p);
    const beta2 = add(beta, beta, p);
    const beta4 = add(beta2, beta2, p);
    const X3 = sub(reduce(alpha * alpha), add(beta4, beta4, p), p);
    const yz = reduce(Y * Z);
    const gamma2 = reduce(gamma * gamma);
    const gamma4 = add(add(gamma2, gamma2, p), add(gamma2, gamma2, p), p);
    const Y3 = sub(reduce(alpha * sub(beta4, X3, p)), add(gamma4, gamma4, p), p);
    return { X: X3, Y: Y3, Z: add(yz, yz, p) };
  }
  const XX = reduce(X * X);
  const YY = reduce(Y * Y);
  const ZZ = reduce(Z * Z);
  const S = reduce(4n * reduce(X * YY));
  const M = add(reduce(3n * XX), reduce(curve.a * reduce(ZZ * ZZ)), p);
  const X3 = sub(reduce(M * M), add(S, S, p), p);
  const Y3 = sub(reduce(M * sub(S, X3, p)), reduce(8n * reduce(YY * YY)), p);
  return { X: X3, Y: Y3, Z: reduce(2n * reduce(Y * Z)) };
}

export function addPoints(curve: CurveArithmetic, one: JacobianPoint, other: JacobianPoint): JacobianPoint {
  if (one.Z === 0n) return other;
  if (other.Z === 0n) return one;
  const { p, reduce } = curve.field;
  const Z1Z1 = reduce(one.Z * one.Z);
  const Z2Z2 = reduce(other.Z * other.Z);
  const U1 = reduce(one.X * Z2Z2);
  const U2 = reduce(other.X * Z1Z1);
  const S1 = reduce(reduce(one.Y * other.Z) * Z2Z2);
  const S2 = reduce(reduce(other.Y * one.Z) * Z1Z1);
  const H = sub(U2, U1, p);
  const R = sub(S2, S1, p);
  if (H === 0n) return R === 0n ? double(curve, one) : INFINITY;
  const HH = reduce(H * H);
  const HHH = reduce(H * HH);
  const V = reduce(U1 * HH);
  const X3 = sub(sub(reduce(R * R), HHH, p), add(V, V, p), p);
  const Y3 = sub(reduce(R * sub(V, X3, p)), reduce(S1 * HHH), p);
  return { X: X3, Y: Y3, Z: reduce(reduce(one.Z * other.Z) * H) };
}

/** one + other where other is affine (Z = 1): the cheaper mixed addition of the precomputed tables. */
export function addAffine(curve: CurveArithmetic, one: JacobianPoint, other: AffinePoint): JacobianPoint {
  if (one.Z === 0n) return fromAffine(other);
  const { p, reduce } = curve.field;
  const Z1Z1 = reduce(one.Z * one.Z);
  const U2 = reduce(other.x * Z1Z1);
  const S2 = reduce(reduce(other.y * one.Z) * Z1Z1);
  const H = sub(U2, one.X, p);
  const R = sub(S2, one.Y, p);
  if (H === 0n) return R === 0n ? double(curve, one) : INFINITY;
  const HH = reduce(H * H);
  const HHH = reduce(H * HH);
  const V = reduce(one.X * HH);
  const X3 = sub(sub(reduce(R * R), HHH, p), add(V, V, p), p);
  const Y3 = sub(reduce(R * sub(V, X3, p)), reduce(one.Y * HHH), p);
  return { X: X3, Y: Y3, Z: reduce(one.Z * H) };
}

/** Affine forms of finite points with one inversion in all (Montgomery's trick). */
export function toAffineAll(curve: CurveArithmetic, points: readonly JacobianPoint[]): AffinePoint[] {
  const { p, reduce } = curve.field;
  const prefix: bigint[] = [];
  let product = 1n;
  for (const point of points) {
    prefix.push(product);
    product = reduce(product * point.Z);
  }
  let inverse = invert(product, p);
  const affine: AffinePoint[] = new Array<AffinePoint>(points.length);
  for (let i = points.length - 1; i >= 0; i--) {
    const point = points[i] as JacobianPoint;
    const zInverse = reduce(inverse * (prefix[i] as bigint));
    inverse = reduce(inverse * point.Z);
    const zz = reduce(zInverse * zInverse);
    affine[i] = { x: reduce(point.X * zz), y: reduce(reduce(point.Y * zz) * zInverse) };
  }
  return affine;
}
