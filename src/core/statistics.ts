/**
 * Small-sample statistics for comparing runs: mean, median, and the Student t 95% confidence interval.
 */

/** Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom. */
const tQuantiles = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t quantile for a 95% two-sided interval with `degrees` degrees of freedom (1.96 beyond 30). */
export function tQuantile95(degrees: number): number {
  if (degrees < 1) return Number.NaN;
  return tQuantiles[Math.floor(degrees) - 1] ?? 1.96;
}

/** Arithmetic mean (NaN for no values). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Median (NaN for no values). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Sample standard deviation (NaN for fewer than two values). */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const center = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (values.length - 1));
}

/** A mean with its 95% interval. */
export interface Interval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** Half width of the interval (NaN with fewer than two values). */
  readonly halfWidth: number;
}

/** The mean and its 95% t-interval. With one value the interval is that value (half width NaN). */
export function tInterval(values: readonly number[]): Interval {
  const center = mean(values);
  if (values.length < 2) return { mean: center, low: center, high: center, halfWidth: Number.NaN };
  const halfWidth = (tQuantile95(values.length - 1) * standardDeviation(values)) / Math.sqrt(values.length);
  return { mean: center, low: center - halfWidth, high: center + halfWidth, halfWidth };
}
