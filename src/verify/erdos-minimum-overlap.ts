/**
 * Erdős minimum overlap, AlphaEvolve's formulation (an upper bound on C5; minimise).
 *
 * h is a step function on [0, 2] with n equal steps (dx = 2/n), 0 ≤ h ≤ 1 and ∫h = 1 (Σh = n/2 exactly);
 * g = 1 − h on [0, 2]. The bound sup_k ∫ h(x) g(x + k) dx is piecewise linear in k with knots at multiples
 * of dx, so it equals max_m dx · Σ_i h_{i+m} (1 − h_i) over the 2n − 1 integer shifts m (numpy's
 * `max(correlate(h, 1 − h, 'full')) · 2/n`). Everything here is exact: the correlation is one BigInt
 * product (Kronecker substitution), the constraints are compared as integers, nothing is renormalised.
 */
import { toScaledIntegers } from './dyadic.ts';
import { convolveExact } from './exact-convolution.ts';
import { nearestDouble, rational, toDecimalString } from './rational.ts';
import type { Tightest, Verification, VerifyOptions, Violation } from './verification.ts';
import { checkClaim, countByConstraint, maxAmount, worstViolations } from './verification.ts';

/** Verifies the step heights h_0..h_{n−1} of an Erdős minimum-overlap construction. */
export function verifyErdosMinimumOverlap(
  heights: readonly number[],
  options: VerifyOptions = {},
): Verification {
  const tolerance = options.tolerance ?? 0;
  const base = {
    problem: 'erdos-minimum-overlap',
    valueName: 'c5_upper_bound',
    direction: 'minimize',
    tolerance,
    method: 'exact',
  } as const;
  const issues = heightIssues(heights);
  if (issues.length > 0) {
    return {
      ...base,
      value: null,
      valueDecimal: null,
      feasible: false,
      maxViolation: Number.POSITIVE_INFINITY,
      violationCount: 0,
      violationCounts: {},
      violations: [],
      tightest: null,
      issues,
      values: {},
      claim: null,
    };
  }
  const n = heights.length;
  const scaled = toScaledIntegers([...heights, tolerance, 1]);
  const one = scaled.integers.pop() as bigint;
  const T = scaled.integers.pop() as bigint;
  const h = scaled.integers;
  const toNumber = (integer: bigint, divisor = 1n): number =>
    nearestDouble(rational(integer, divisor << BigInt(scaled.scale)));

  const violations: Violation[] = [];
  let feasible = true;
  const check = (constraint: string, where: string, amount: bigint, divisor = 1n): Tightest => {
    const found = { constraint, where, amount: toNumber(amount, divisor) };
    if (amount > 0n) {
      violations.push(found);
      if (amount > T * divisor) feasible = false;
    }
    return found;
  };
  let lowest = 0;
  let highest = 0;
  let sum = 0n;
  h.forEach((height, index) => {
    sum += height;
    if (height < (h[lowest] as bigint)) lowest = index;
    if (height > (h[highest] as bigint)) highest = index;
    if (height < 0n) check('range', `h[${index}] >= 0`, -height);
    if (height > one) check('range', `h[${index}] <= 1`, height - one);
  });
  // |∫h − 1| = |2Σh/n − 1| = |2·sum − n·one| / (n · 2^scale)
  const excess = 2n * sum - BigInt(n) * one;
  const normalization = check(
    'normalization',
    '∫h = 1 (Σh = n/2)',
    excess < 0n ? -excess : excess,
    BigInt(n),
  );
  const tightest = [
    { constraint: 'range', where: `h[${lowest}] >= 0`, amount: -(heights[lowest] as number) },
    { constraint: 'range', where: `h[${highest}] <= 1`, amount: toNumber((h[highest] as bigint) - one) },
    normalization,
  ].reduce((worst, next) => (next.amount > worst.amount ? next : worst));

  const complement = h.map((height) => one - height).reverse();
  const correlation = convolveExact(h, complement);
  let best = 0;
  for (let index = 1; index < correlation.length; index++) {
    if ((correlation[index] as bigint) > (correlation[best] as bigint)) best = index;
  }
  const value = rational(2n * (correlation[best] as bigint), BigInt(n) << BigInt(2 * scaled.scale));
  return {
    ...base,
    value: nearestDouble(value),
    valueDecimal: toDecimalString(value),
    feasible,
    maxViolation: maxAmount(violations),
    violationCount: violations.length,
    violationCounts: countByConstraint(violations),
    violations: worstViolations(violations, options.maxListed ?? 10),
    tightest,
    issues: [],
    values: {
      n,
      argmax_shift_steps: best - (n - 1),
      integral_h: nearestDouble(rational(2n * sum, BigInt(n) << BigInt(scaled.scale))),
      min_h: heights[lowest] as number,
      max_h: heights[highest] as number,
    },
    claim: checkClaim(value, options.claimed, tolerance, 'minimize'),
  };
}

function heightIssues(heights: readonly number[]): string[] {
  if (!Array.isArray(heights) || heights.length === 0)
    return ['the construction needs a non-empty `heights` array'];
  const issues: string[] = [];
  heights.forEach((height, index) => {
    if (typeof height !== 'number' || !Number.isFinite(height))
      issues.push(`heights[${index}] is not finite: ${height}`);
  });
  return issues.slice(0, 20);
}
