import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.ts';
import { verifyCirclePacking } from './circle-packing.ts';
import { toScaledIntegers } from './dyadic.ts';

describe('verifyCirclePacking', () => {
  it('accepts exactly tangent circles (slack 0) and sums the radii exactly', () => {
    const verification = verifyCirclePacking({
      centers: [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
      ],
      radii: [0.25, 0.25, 0.25],
    });
    expect(verification.feasible).toBe(true);
    expect(verification.maxViolation).toBe(0);
    expect(verification.value).toBe(0.75);
    expect(verification.tightest?.amount).toBe(0);
  });

  it('rejects an overlap of one unit in the last place, and names the pair', () => {
    const radius = 0.25 + 2 ** -54;
    const verification = verifyCirclePacking({
      centers: [
        [0.25 + 2 ** -50, 0.5],
        [0.75 - 2 ** -50, 0.5],
      ],
      radii: [radius, 0.25],
    });
    expect(verification.feasible).toBe(false);
    expect(verification.violations[0]?.where).toBe('circles 0,1');
    expect(verification.violations[0]?.constraint).toBe('overlap');
    // r0 + r1 − dist = (0.5 + 2^-54) − (0.5 − 2^-49)
    expect(verification.maxViolation).toBe(2 ** -54 + 2 ** -49);
    expect(
      verifyCirclePacking(
        {
          centers: [
            [0.25 + 2 ** -50, 0.5],
            [0.75 - 2 ** -50, 0.5],
          ],
          radii: [radius, 0.25],
        },
        { tolerance: 2 ** -48 },
      ).feasible,
    ).toBe(true);
  });

  it('rejects a circle that leaves the square, and a negative radius', () => {
    const outside = verifyCirclePacking({ centers: [[0.9, 0.5]], radii: [0.1 + 2 ** -40] });
    expect(outside.feasible).toBe(false);
    expect(outside.violations[0]?.where).toBe('circle 0: x + r <= 1');
    const negative = verifyCirclePacking({ centers: [[0.5, 0.5]], radii: [-0.01] });
    expect(negative.feasible).toBe(false);
    expect(negative.violations.map((violation) => violation.constraint)).toContain('nonnegative');
  });

  it('treats non-finite numbers and a wrong count as malformed, never as a value', () => {
    const nan = verifyCirclePacking({ centers: [[0.5, 0.5]], radii: [Number.NaN] });
    expect(nan.feasible).toBe(false);
    expect(nan.value).toBeNull();
    expect(nan.maxViolation).toBe(Number.POSITIVE_INFINITY);
    expect(nan.issues[0]).toMatch(/radii\[0\] is not finite/);
    const count = verifyCirclePacking({ centers: [[0.5, 0.5]], radii: [0.1] }, { expectedCount: 26 });
    expect(count.issues).toEqual(['expected 26 circles, got 1']);
    const shape = verifyCirclePacking({ centers: [[0.5, 0.5, 0.1]], radii: [0.1] });
    expect(shape.issues[0]).toMatch(/not a pair/);
  });

  it('decides like plain BigInt arithmetic on near-tangent random pairs, in both modes', () => {
    const random = createRandom('verify', 'near-tangent');
    let infeasible = 0;
    for (let trial = 0; trial < 400; trial++) {
      const x0 = 0.2 + 0.1 * random.next();
      const y0 = 0.2 + 0.1 * random.next();
      // far enough from the sides that only the pair can be violated
      const x1 = 0.45 + 0.05 * random.next();
      const y1 = 0.45 + 0.05 * random.next();
      const r0 = 0.05 + 0.05 * random.next();
      // r1 so that r0 + r1 is within a few ulps of the float distance: rounding decides
      const r1 = Math.hypot(x1 - x0, y1 - y0) - r0 + (random.int(9) - 4) * 2 ** -54;
      const packing = {
        centers: [
          [x0, y0],
          [x1, y1],
        ],
        radii: [r0, r1],
      };
      const { integers } = toScaledIntegers([x0, y0, x1, y1, r0, r1]);
      const [X0, Y0, X1, Y1, R0, R1] = integers as [bigint, bigint, bigint, bigint, bigint, bigint];
      const overlaps = (R0 + R1) ** 2n > (X1 - X0) ** 2n + (Y1 - Y0) ** 2n;
      if (overlaps) infeasible += 1;
      expect(verifyCirclePacking(packing, { mode: 'auto' }).feasible).toBe(!overlaps);
      expect(verifyCirclePacking(packing, { mode: 'exact' }).feasible).toBe(!overlaps);
    }
    // the trials straddle the boundary
    expect(infeasible).toBeGreaterThan(50);
    expect(infeasible).toBeLessThan(350);
  });

  it('checks a claim as a lower bound on the sum', () => {
    const packing = { centers: [[0.5, 0.5]], radii: [0.5] };
    expect(verifyCirclePacking(packing, { claimed: 0.5 }).claim?.holds).toBe(true);
    expect(verifyCirclePacking(packing, { claimed: 0.4 }).claim?.holds).toBe(true);
    expect(verifyCirclePacking(packing, { claimed: 0.5000001 }).claim?.holds).toBe(false);
    expect(verifyCirclePacking(packing, { claimed: 0.5000001, tolerance: 1e-6 }).claim?.holds).toBe(true);
  });
});
