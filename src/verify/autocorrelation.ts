/**
 * The autocorrelation inequalities, for a step function f on [−1/4, 1/4] with n equal steps of heights
 * a_0..a_{n−1}. With c = a*a (full discrete convolution, length 2n−1), f*f is piecewise linear with knots
 * dx = 1/(2n) apart and values dx·c_k, so every sup is attained at a knot and these are exact:
 *
 * - C1 (f ≥ 0, upper bound, minimise): 2n · max_k c_k / (Σa)²
 * - C2 (f ≥ 0, lower bound, maximise): ‖g‖₂² / (‖g‖₁ ‖g‖_∞) for g through (0, c_0..c_{2n−2}, 0)
 * - C3 as AlphaEvolve defines it (any sign, minimise): |2n · max_k c_k| / (Σa)²  — abs of the signed max
 * - C3′ (Matolcsi–Vinuesa; SimpleTES's evaluator, any sign, minimise): 2n · max_k |c_k| / (Σa)²  — max of abs
 *
 * The convolution is exact (BigInt, Kronecker substitution), which is as fast as a float64 double loop for
 * these sizes, so there is no separate float path.
 */
import type { Direction } from '../spec/problem.ts';
import { toScaledIntegers } from './dyadic.ts';
import { convolveExact } from './exact-convolution.ts';
import { nearestDouble, type Rational, rational, toDecimalString } from './rational.ts';
import type { Verification, VerifyOptions, Violation } from './verification.ts';
import { checkClaim, countByConstraint, maxAmount, worstViolations } from './verification.ts';

export type AutocorrelationVariant = 'c1' | 'c2' | 'c3-abs-of-max' | 'c3prime-max-of-abs';

interface VariantInfo {
  readonly problem: string;
  readonly valueName: string;
  readonly direction: Direction;
  readonly nonnegative: boolean;
}

export const autocorrelationVariants: Readonly<Record<AutocorrelationVariant, VariantInfo>> = {
  c1: {
    problem: 'autocorrelation-c1',
    valueName: 'c1_upper_bound',
    direction: 'minimize',
    nonnegative: true,
  },
  c2: {
    problem: 'autocorrelation-c2',
    valueName: 'c2_lower_bound',
    direction: 'maximize',
    nonnegative: true,
  },
  'c3-abs-of-max': {
    problem: 'autocorrelation-c3-abs-of-max',
    valueName: 'c3_abs_of_max',
    direction: 'minimize',
    nonnegative: false,
  },
  'c3prime-max-of-abs': {
    problem: 'autocorrelation-c3prime-max-of-abs',
    valueName: 'c3prime_max_of_abs',
    direction: 'minimize',
    nonnegative: false,
  },
};

/** Verifies step heights for one autocorrelation constant. C3 files get both C3 values in `values`. */
export function verifyAutocorrelation(
  heights: readonly number[],
  variant: AutocorrelationVariant,
  options: VerifyOptions = {},
): Verification {
  const info = autocorrelationVariants[variant];
  const tolerance = options.tolerance ?? 0;
  const base = {
    problem: info.problem,
    valueName: info.valueName,
    direction: info.direction,
    tolerance,
    method: 'exact',
  } as const;
  const issues = heightIssues(heights);
  const malformed = (found: readonly string[], violations: readonly Violation[] = []): Verification => ({
    ...base,
    value: null,
    valueDecimal: null,
    feasible: false,
    maxViolation:
      found.length > 0 && violations.length === 0 ? Number.POSITIVE_INFINITY : maxAmount(violations),
    violationCount: violations.length,
    violationCounts: countByConstraint(violations),
    violations: worstViolations(violations, options.maxListed ?? 10),
    tightest: null,
    issues: found,
    values: {},
    claim: null,
  });
  if (issues.length > 0) return malformed(issues);

  const n = heights.length;
  // the common power of two cancels in every ratio
  const { integers: a } = toScaledIntegers([...heights, tolerance]);
  const T = a.pop() as bigint;
  const violations: Violation[] = [];
  let feasible = true;
  let lowest = 0;
  if (info.nonnegative) {
    a.forEach((height, index) => {
      if (height < 0n) {
        violations.push({
          constraint: 'nonnegative',
          where: `heights[${index}] >= 0`,
          amount: -(heights[index] as number),
        });
        if (-height > T) feasible = false;
      }
      if (index === 0 || (heights[index] as number) < (heights[lowest] as number)) lowest = index;
    });
  }
  let sum = 0n;
  for (const height of a) sum += height;
  if (sum === 0n) return malformed(['the heights sum to 0 (∫f = 0), so the ratio is undefined'], violations);

  const c = convolveExact(a, a);
  let maxSigned = c[0] as bigint;
  let maxAbsolute = 0n;
  for (const value of c) {
    if (value > maxSigned) maxSigned = value;
    const magnitude = value < 0n ? -value : value;
    if (magnitude > maxAbsolute) maxAbsolute = magnitude;
  }
  const sumSquared = sum * sum;
  const twiceN = BigInt(2 * n);
  const c3AbsOfMax = rational(twiceN * (maxSigned < 0n ? -maxSigned : maxSigned), sumSquared);
  const c3PrimeMaxOfAbs = rational(twiceN * maxAbsolute, sumSquared);
  const values: Record<string, number> = {};
  let value: Rational;
  switch (variant) {
    case 'c1':
      value = rational(twiceN * maxSigned, sumSquared);
      break;
    case 'c2':
      value = c2Ratio(c, maxAbsolute);
      break;
    default:
      value = variant === 'c3-abs-of-max' ? c3AbsOfMax : c3PrimeMaxOfAbs;
      values['c3_abs_of_max'] = nearestDouble(c3AbsOfMax);
      values['c3prime_max_of_abs'] = nearestDouble(c3PrimeMaxOfAbs);
  }
  values['n'] = n;
  if (info.nonnegative) values['min_height'] = heights[lowest] as number;
  const tightest =
    info.nonnegative && n > 0
      ? { constraint: 'nonnegative', where: `heights[${lowest}] >= 0`, amount: -(heights[lowest] as number) }
      : null;
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
    values,
    claim: checkClaim(value, options.claimed, tolerance, info.direction),
  };
}

/** ‖g‖₂² / (‖g‖₁ ‖g‖_∞) with g piecewise linear through (0, c_0, …, c_{N−1}, 0): Σ(y²+yy′+y′²) / (3 Σ|c| max|c|). */
function c2Ratio(c: readonly bigint[], maxAbsolute: bigint): Rational {
  let squares = 0n;
  let previous = 0n;
  let absoluteSum = 0n;
  for (const value of [...c, 0n]) {
    squares += previous * previous + previous * value + value * value;
    absoluteSum += value < 0n ? -value : value;
    previous = value;
  }
  return rational(squares, 3n * absoluteSum * maxAbsolute);
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
