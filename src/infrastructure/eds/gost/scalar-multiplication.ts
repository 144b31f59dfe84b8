import {
  INFINITY,
  addAffine,
  addPoints,
  double,
  negate,
  negateAffine,
  toAffineAll,
  type AffinePoint,
  type CurveArithmetic,
  type JacobianPoint,
} from './jacobian-point';

/**
 * A fixed point's multiples for signed fixed windows of `width` bits: window i holds j * 2^(width*i) * P
 * for j = 1 .. 2^(width-1), affine. k * P is then one mixed addition per window and no doubling. Worth
 * it for the generator (every verification) and for keys that verify again and again (the CAs').
 */
export interface WindowTable {
  readonly width: number;
  readonly windows: number;
  readonly points: readonly AffinePoint[];
}

export function windowTable(
  curve: CurveArithmetic,
  point: AffinePoint,
  width: number,
  scalarBits: number,
): WindowTable {
  const windows = Math.ceil(scalarBits / width) + 1;
  const perWindow = 2 ** (width - 1);
  const jacobian: JacobianPoint[] = [];
  let base: JacobianPoint = { X: point.x, Y: point.y, Z: 1n };
  for (let window = 0; window < windows; window++) {
    let multiple = base;
    jacobian.push(multiple);
    for (let j = 1; j < perWindow; j++) {
      multiple = addPoints(curve, multiple, base);
      jacobian.push(multiple);
    }
    base = double(curve, multiple);
  }
  return { width, windows, points: toAffineAll(curve, jacobian) };
}

/** k * P from P's window table, for 0 <= k < 2^(width * (windows - 1)). */
export function multiplyByTable(curve: CurveArithmetic, table: WindowTable, k: bigint): JacobianPoint {
  const { width, windows, points } = table;
  const perWindow = 2 ** (width - 1);
  const full = 2 ** width;
  const mask = BigInt(full - 1);
  const shift = BigInt(width);
  const p = curve.field.p;
  let accumulator = INFINITY;
  let rest = k;
  for (let window = 0; window < windows && rest !== 0n; window++) {
    let digit = Number(rest & mask);
    rest >>= shift;
    if (digit > perWindow) {
      digit -= full;
      rest += 1n;
    }
    if (digit === 0) continue;
    const entry = points[window * perWindow + Math.abs(digit) - 1] as AffinePoint;
    accumulator = addAffine(curve, accumulator, digit < 0 ? negateAffine(entry, p) : entry);
  }
  return accumulator;
}

const WNAF_WIDTH = 5;

/** The width-w non-adjacent form of k, least significant digit first: odd digits in (-2^(w-1), 2^(w-1)). */
function nonAdjacentForm(k: bigint, width: number): number[] {
  const full = 2 ** width;
  const half = full / 2;
  const mask = BigInt(full - 1);
  const digits: number[] = [];
  let rest = k;
  while (rest > 0n) {
    let digit = 0;
    if ((rest & 1n) === 1n) {
      digit = Number(rest & mask);
      if (digit >= half) digit -= full;
      rest -= BigInt(digit);
    }
    digits.push(digit);
    rest >>= 1n;
  }
  return digits;
}

/** k * P for a point seen once (a signer's fresh key): width-5 wNAF, about one addition per six doublings. */
export function multiply(curve: CurveArithmetic, point: AffinePoint, k: bigint): JacobianPoint {
  const p = curve.field.p;
  const start: JacobianPoint = { X: point.x, Y: point.y, Z: 1n };
  const twice = double(curve, start);
  const odd: JacobianPoint[] = [start];
  for (let i = 1; i < 2 ** (WNAF_WIDTH - 2); i++)
    odd.push(addPoints(curve, odd[i - 1] as JacobianPoint, twice));
  const digits = nonAdjacentForm(k, WNAF_WIDTH);
  let accumulator = INFINITY;
  for (let i = digits.length - 1; i >= 0; i--) {
    accumulator = double(curve, accumulator);
    const digit = digits[i] as number;
    if (digit === 0) continue;
    const entry = odd[(Math.abs(digit) - 1) / 2] as JacobianPoint;
    accumulator = addPoints(curve, accumulator, digit < 0 ? negate(entry, p) : entry);
  }
  return accumulator;
}
