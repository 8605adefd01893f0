/**
 * Circles in the unit square [0,1]²: maximise the sum of radii.
 *
 * Feasible iff every circle has r ≥ 0, r ≤ x, x + r ≤ 1, r ≤ y, y + r ≤ 1, and every pair has
 * r_i + r_j ≤ dist(c_i, c_j) — each up to the tolerance. Violation amounts: for a side, its excess
 * (e.g. x + r − 1); for a pair, (r_i + r_j) − dist. All decisions are exact on the given doubles; in `auto`
 * mode a float64 evaluation decides where its proven error bound leaves no doubt.
 */
import { integerSquareRoot, toScaledIntegers } from './dyadic.ts';
import { fromScaled, nearestDouble, toDecimalString } from './rational.ts';
import type { Tightest, Verification, VerifyOptions, Violation } from './verification.ts';
import { checkClaim, countByConstraint, maxAmount, worstViolations } from './verification.ts';

export interface CirclePacking {
  /** `[x, y]` per circle. */
  readonly centers: readonly (readonly number[])[];
  readonly radii: readonly number[];
}

/** Unit roundoff of float64. */
const unit = 2 ** -53;

/** Checks a packing of `expectedCount` circles (any count when omitted). */
export function verifyCirclePacking(
  packing: CirclePacking,
  options: VerifyOptions & { readonly expectedCount?: number } = {},
): Verification {
  const tolerance = options.tolerance ?? 0;
  const mode = options.mode ?? 'auto';
  const issues = structuralIssues(packing, options.expectedCount);
  const base = {
    problem: 'circle-packing',
    valueName: 'sum_radii',
    direction: 'maximize',
    tolerance,
  } as const;
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
      method: 'exact',
      claim: null,
    };
  }
  const count = packing.radii.length;
  const xs = packing.centers.map((center) => center[0] as number);
  const ys = packing.centers.map((center) => center[1] as number);
  const rs = packing.radii;
  // the exact integers are only built when some decision needs them (always, in exact mode)
  let exactCache: ExactPacking | undefined;
  const exact = (): ExactPacking => {
    exactCache ??= toExactPacking(xs, ys, rs, tolerance);
    return exactCache;
  };
  const sideExcess = (circle: number, side: number): bigint => {
    const { X, Y, R, one } = exact();
    const x = X[circle] as bigint;
    const y = Y[circle] as bigint;
    const r = R[circle] as bigint;
    return [-r, r - x, x + r - one, r - y, y + r - one][side] as bigint;
  };
  const pairParts = (i: number, j: number): { S: bigint; D: bigint } => {
    const { X, Y, R } = exact();
    const DX = (X[i] as bigint) - (X[j] as bigint);
    const DY = (Y[i] as bigint) - (Y[j] as bigint);
    return { S: (R[i] as bigint) + (R[j] as bigint), D: DX * DX + DY * DY };
  };
  const sideAmount = (circle: number, side: number): number =>
    nearestDouble(fromScaled(sideExcess(circle, side), exact().scale));
  const pairAmountOf = (i: number, j: number): number => {
    const { S, D } = pairParts(i, j);
    return pairAmount(S, D, exact().scale);
  };

  const violations: Violation[] = [];
  let feasible = true;
  // the constraint with the largest float estimate of its violation amount: [circle or i, side or −1 − j]
  let tightestEstimate = Number.NEGATIVE_INFINITY;
  let tightestAt: readonly [number, number] = [0, 0];

  for (let index = 0; index < count; index++) {
    const x = xs[index] as number;
    const y = ys[index] as number;
    const r = rs[index] as number;
    const ax = Math.abs(x);
    const ay = Math.abs(y);
    const ar = Math.abs(r);
    // float estimates of the five excesses, and the magnitudes their rounding error is relative to
    const estimates = [-r, r - x, x + r - 1, r - y, y + r - 1];
    const magnitudes = [ar, ar + ax, ar + ax + 1, ar + ay, ar + ay + 1];
    for (let side = 0; side < 5; side++) {
      const estimate = estimates[side] as number;
      const magnitude = magnitudes[side] as number;
      if (estimate > tightestEstimate) {
        tightestEstimate = estimate;
        tightestAt = [index, side];
      }
      // fl(a ± b ± c) is within 2u·(|a|+|b|+|c|) of the exact value; we allow 4u
      if (mode === 'auto' && estimate < -4 * unit * magnitude && magnitude > 1e-290) continue;
      const excess = sideExcess(index, side);
      if (excess > 0n) {
        violations.push({
          constraint: side === 0 ? 'nonnegative' : 'containment',
          where: `circle ${index}: ${sideLabels[side]}`,
          amount: sideAmount(index, side),
        });
        if (excess > exact().T) feasible = false;
      }
    }
  }

  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const dx = (xs[i] as number) - (xs[j] as number);
      const dy = (ys[i] as number) - (ys[j] as number);
      const s = (rs[i] as number) + (rs[j] as number);
      const estimate = s - Math.sqrt(dx * dx + dy * dy);
      if (estimate > tightestEstimate) {
        tightestEstimate = estimate;
        tightestAt = [i, -1 - j];
      }
      if (mode === 'auto') {
        // q = dist² − (r_i + r_j)² in float64; with A = |x_i|+|x_j|, B = |y_i|+|y_j|, C = |r_i|+|r_j| the
        // rounding error is at most 6.2u·(A² + B² + C²) (three roundings per square, two for the sums);
        // we allow 16u. A pair that is certainly apart (or has negative radii sum) cannot violate anything.
        const q = dx * dx + dy * dy - s * s;
        const ax = Math.abs(xs[i] as number) + Math.abs(xs[j] as number);
        const ay = Math.abs(ys[i] as number) + Math.abs(ys[j] as number);
        const ar = Math.abs(rs[i] as number) + Math.abs(rs[j] as number);
        const magnitude = ax * ax + ay * ay + ar * ar;
        if (magnitude > 1e-290 && (s < 0 || q > 16 * unit * magnitude)) continue;
      }
      const { S, D } = pairParts(i, j);
      if (S > 0n && S * S > D) {
        violations.push({ constraint: 'overlap', where: `circles ${i},${j}`, amount: pairAmountOf(i, j) });
        const reduced = S - exact().T;
        if (reduced > 0n && reduced * reduced > D) feasible = false;
      }
    }
  }

  const radii = toScaledIntegers(rs);
  let sum = 0n;
  for (const radius of radii.integers) sum += radius;
  const value = fromScaled(sum, radii.scale);
  const [first, second] = tightestAt;
  const tightest: Tightest | null =
    count === 0
      ? null
      : second >= 0
        ? {
            constraint: second === 0 ? 'nonnegative' : 'containment',
            where: `circle ${first}: ${sideLabels[second]}`,
            amount: sideAmount(first, second),
          }
        : {
            constraint: 'overlap',
            where: `circles ${first},${-1 - second}`,
            amount: pairAmountOf(first, -1 - second),
          };
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
    values: {},
    method: mode === 'exact' ? 'exact' : 'float-certified',
    claim: checkClaim(value, options.claimed, tolerance, 'maximize'),
  };
}

const sideLabels = ['r >= 0', 'r <= x', 'x + r <= 1', 'r <= y', 'y + r <= 1'] as const;

/** The packing's numbers as integers over one power of two (with the tolerance and the constant 1). */
interface ExactPacking {
  readonly X: readonly bigint[];
  readonly Y: readonly bigint[];
  readonly R: readonly bigint[];
  readonly T: bigint;
  readonly one: bigint;
  readonly scale: number;
}

function toExactPacking(
  xs: readonly number[],
  ys: readonly number[],
  rs: readonly number[],
  tolerance: number,
): ExactPacking {
  const count = rs.length;
  const { integers, scale } = toScaledIntegers([...xs, ...ys, ...rs, tolerance, 1]);
  return {
    X: integers.slice(0, count),
    Y: integers.slice(count, 2 * count),
    R: integers.slice(2 * count, 3 * count),
    T: integers[3 * count] as bigint,
    one: integers[3 * count + 1] as bigint,
    scale,
  };
}

/**
 * The double nearest to (S − √D) / 2^scale, from intervals around √D of growing precision until both ends
 * round to the same double.
 */
export function pairAmount(S: bigint, D: bigint, scale: number): number {
  if (S * S === D) return 0;
  for (let precision = 128; precision <= 8192; precision *= 2) {
    const root = integerSquareRoot(D << BigInt(2 * precision)); // √D·2^p ∈ [root, root + 1)
    const top = S << BigInt(precision);
    const denominatorScale = scale + precision;
    const high = nearestDouble(fromScaled(top - root, denominatorScale));
    const low = nearestDouble(fromScaled(top - root - 1n, denominatorScale));
    if (high === low) return high;
  }
  return nearestDouble(fromScaled((S << 8192n) - integerSquareRoot(D << 16384n), scale + 8192));
}

function structuralIssues(packing: CirclePacking, expectedCount: number | undefined): string[] {
  const issues: string[] = [];
  if (!Array.isArray(packing.centers) || !Array.isArray(packing.radii)) {
    return ['the construction needs `centers` ([[x, y], …]) and `radii` ([r, …]) arrays'];
  }
  if (packing.centers.length !== packing.radii.length) {
    issues.push(`${packing.centers.length} centers but ${packing.radii.length} radii`);
  }
  if (expectedCount !== undefined && packing.radii.length !== expectedCount) {
    issues.push(`expected ${expectedCount} circles, got ${packing.radii.length}`);
  }
  packing.centers.forEach((center, index) => {
    if (!Array.isArray(center) || center.length !== 2) issues.push(`centers[${index}] is not a pair [x, y]`);
    else if (!center.every((value) => typeof value === 'number' && Number.isFinite(value))) {
      issues.push(`centers[${index}] is not finite: [${center.join(', ')}]`);
    }
  });
  packing.radii.forEach((radius, index) => {
    if (typeof radius !== 'number' || !Number.isFinite(radius))
      issues.push(`radii[${index}] is not finite: ${radius}`);
  });
  return issues.slice(0, 20);
}
