/**
 * The p-th percentile (0 < p <= 100) of `values` by nearest rank: the smallest value with at least p%
 * of the values at or below it, so p99 of 1,000 samples is the 990th. NaN when there are none.
 * Sorts a copy; pass the raw samples.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] ?? Number.NaN;
}
