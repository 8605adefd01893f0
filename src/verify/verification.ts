/**
 * What a verifier says about one construction. All numbers are the doubles nearest to exact values
 * computed from the construction's own doubles (which are dyadic rationals); decisions (feasible or not,
 * which constraint is violated) are exact.
 */
import type { Direction } from '../spec/problem.ts';
import { toDyadic } from './dyadic.ts';
import { compareRationals, nearestDouble, type Rational, subtractRationals } from './rational.ts';

/** One violated constraint. */
export interface Violation {
  /** The kind of constraint, e.g. `overlap`, `containment`, `nonnegative`, `normalization`. */
  readonly constraint: string;
  /** Where, for a person: `circles 13,15`, `circle 14: x + r <= 1`, `h[12] >= 0`. */
  readonly where: string;
  /** By how much it is violated (> 0): the double nearest to the exact amount. */
  readonly amount: number;
}

/** The constraint closest to being violated (largest amount; ≤ 0 means satisfied with that slack). */
export interface Tightest {
  readonly constraint: string;
  readonly where: string;
  readonly amount: number;
}

/**
 * A value someone claims for the construction, read as a bound in the problem's direction: for a minimised
 * value (an upper bound) the claim holds when value ≤ claimed + tolerance; for a maximised one when
 * value ≥ claimed − tolerance. A conservatively rounded claim holds; an optimistic one does not.
 */
export interface ClaimCheck {
  readonly claimed: number;
  /** Decided exactly. */
  readonly holds: boolean;
  /** claimed − value (nearest double of the exact difference). */
  readonly difference: number;
}

/** How a verification decided feasibility. */
export type VerificationMethod =
  /** every decision in exact rational arithmetic */
  | 'exact'
  /** decisions in float64 where a proven error bound left no doubt, the rest exact */
  | 'float-certified';

export interface Verification {
  /** Verifier id, e.g. `circle-packing`, `autocorrelation-c1`. */
  readonly problem: string;
  /** The name of the value (also the metric name in the loop), e.g. `sum_radii`, `c1_upper_bound`. */
  readonly valueName: string;
  /** Which way the value is better. */
  readonly direction: Direction;
  /** The double nearest to the exact value; null when it is undefined (e.g. ∫f = 0) or the input is malformed. */
  readonly value: number | null;
  /** The exact value rounded to 30 significant digits (trailing zeros dropped). */
  readonly valueDecimal: string | null;
  /** No structural issue and every violation amount ≤ tolerance (decided exactly). */
  readonly feasible: boolean;
  readonly tolerance: number;
  /** max(0, every violation amount), nearest double; Infinity when the construction is malformed. */
  readonly maxViolation: number;
  /** Number of constraints violated by any positive amount (decided exactly). */
  readonly violationCount: number;
  /** The same, by kind of constraint (`overlap`, `containment`, …); kinds with none are absent. */
  readonly violationCounts: Readonly<Record<string, number>>;
  /** The worst violations, largest first (at most `maxListed`). */
  readonly violations: readonly Violation[];
  readonly tightest: Tightest | null;
  /** Structural problems: wrong size, non-finite numbers, an undefined value. Any issue means infeasible. */
  readonly issues: readonly string[];
  /** Further exact values (nearest doubles), e.g. both C3 variants, the maximising shift. */
  readonly values: Readonly<Record<string, number>>;
  readonly method: VerificationMethod;
  /** The check of `options.claimed`, when given and the value is defined. */
  readonly claim: ClaimCheck | null;
}

/** Options every verifier takes. */
export interface VerifyOptions {
  /** Violations up to this amount are accepted (default 0). Must be a finite number ≥ 0. */
  readonly tolerance?: number;
  /** `auto` (default): float where provably decisive, else exact. `exact`: everything exact. */
  readonly mode?: 'auto' | 'exact';
  /** How many violations to list (default 10). */
  readonly maxListed?: number;
  /** A value claimed for the construction, checked exactly against the computed one. */
  readonly claimed?: number | null;
}

/** Checks a claimed value against the exact value (see `ClaimCheck`). */
export function checkClaim(
  value: Rational | null,
  claimed: number | null | undefined,
  tolerance: number,
  direction: Direction,
): ClaimCheck | null {
  if (value === null || claimed === null || claimed === undefined || !Number.isFinite(claimed)) return null;
  const claim = dyadicRational(claimed);
  const slack = dyadicRational(tolerance);
  // minimize: value − claimed ≤ tolerance; maximize: claimed − value ≤ tolerance
  const excess = direction === 'minimize' ? subtractRationals(value, claim) : subtractRationals(claim, value);
  return {
    claimed,
    holds: compareRationals(excess, slack) <= 0,
    difference: nearestDouble(subtractRationals(claim, value)),
  };
}

function dyadicRational(value: number): Rational {
  const { mantissa, exponent } = toDyadic(value);
  return exponent >= 0
    ? { numerator: mantissa << BigInt(exponent), denominator: 1n }
    : { numerator: mantissa, denominator: 1n << BigInt(-exponent) };
}

/** Sorts violations (largest first), keeps the first `limit`. */
export function worstViolations(violations: readonly Violation[], limit: number): Violation[] {
  return [...violations].sort((a, b) => b.amount - a.amount).slice(0, limit);
}

/** Counts violations by their kind of constraint. */
export function countByConstraint(violations: readonly Violation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const violation of violations) counts[violation.constraint] = (counts[violation.constraint] ?? 0) + 1;
  return counts;
}

/** The max of 0 and every amount. */
export function maxAmount(violations: readonly Violation[]): number {
  let worst = 0;
  for (const violation of violations) if (violation.amount > worst) worst = violation.amount;
  return worst;
}
