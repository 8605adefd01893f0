import { describe, expect, it } from 'vitest';
import { verifyAutocorrelation } from './autocorrelation.ts';
import { verifyErdosMinimumOverlap } from './erdos-minimum-overlap.ts';

describe('verifyAutocorrelation', () => {
  it('gives the known values of the constant function', () => {
    const flat = new Array<number>(10).fill(1);
    // c = triangle with peak n: C1 = 2n·n/n² = 2; C2 of a triangle g: (1/3)/(1/2) = 2/3 up to the end pieces
    expect(verifyAutocorrelation(flat, 'c1').value).toBe(2);
    expect(verifyAutocorrelation(flat, 'c3-abs-of-max').value).toBe(2);
    expect(verifyAutocorrelation(flat, 'c3prime-max-of-abs').value).toBe(2);
    // exactly: Σ over the 20 pieces of (y²+yy′+y′²) / (3·Σc·max c) with c = 1..10..1: 2·(Σk² + Σk(k+1)…)
    const c2 = verifyAutocorrelation(flat, 'c2');
    expect(c2.value).toBeCloseTo(2 / 3, 2);
    expect(c2.feasible).toBe(true);
  });

  it('is scale invariant and exact', () => {
    const heights = [0.3, 1.7, 0.2, 2.5, 0.9];
    const scaled = heights.map((height) => height * 1024);
    for (const variant of ['c1', 'c2', 'c3-abs-of-max', 'c3prime-max-of-abs'] as const) {
      expect(verifyAutocorrelation(scaled, variant).valueDecimal).toBe(
        verifyAutocorrelation(heights, variant).valueDecimal,
      );
    }
  });

  it('requires f >= 0 for C1 and C2 but not for C3', () => {
    const signed = [0.5, -2, 0.5];
    const c1 = verifyAutocorrelation(signed, 'c1');
    expect(c1.feasible).toBe(false);
    expect(c1.violations[0]).toEqual({ constraint: 'nonnegative', where: 'heights[1] >= 0', amount: 2 });
    expect(verifyAutocorrelation(signed, 'c2').feasible).toBe(false);
    // c = [0.25, -2, 4.5, -2, 0.25], Σa = -1: both C3 values are 6 · 4.5 = 27
    const c3 = verifyAutocorrelation(signed, 'c3-abs-of-max');
    expect(c3.feasible).toBe(true);
    expect(c3.value).toBe(27);
    expect(verifyAutocorrelation(signed, 'c3prime-max-of-abs').value).toBe(27);
  });

  it('distinguishes |max c| from max |c| when the dip is deeper than the peak', () => {
    // a = [1, 1, -1.5]: c = [1, 2, -2, -3, 2.25]; Σa = 0.5 → 4·Σa² = 1
    const heights = [1, 1, -1.5];
    const c3 = verifyAutocorrelation(heights, 'c3-abs-of-max');
    const c3prime = verifyAutocorrelation(heights, 'c3prime-max-of-abs');
    expect(c3.value).toBe((6 * 2.25) / 0.25); // 54
    expect(c3prime.value).toBe((6 * 3) / 0.25); // 72
    expect(c3.values).toMatchObject({ c3_abs_of_max: 54, c3prime_max_of_abs: 72 });
  });

  it('reports malformed heights and an undefined ratio as issues', () => {
    expect(verifyAutocorrelation([], 'c1').issues).toHaveLength(1);
    expect(verifyAutocorrelation([1, Number.POSITIVE_INFINITY], 'c1').issues[0]).toMatch(/heights\[1\]/);
    const zero = verifyAutocorrelation([1, -1], 'c3-abs-of-max');
    expect(zero.value).toBeNull();
    expect(zero.feasible).toBe(false);
    expect(zero.issues[0]).toMatch(/sum to 0/);
  });
});

describe('verifyErdosMinimumOverlap', () => {
  it('gives 1/2 for h = 1/2 and checks ∫h = 1 exactly', () => {
    const half = new Array<number>(8).fill(0.5);
    const verification = verifyErdosMinimumOverlap(half);
    expect(verification.value).toBe(0.5);
    expect(verification.feasible).toBe(true);
    expect(verification.values['argmax_shift_steps']).toBe(0);
    const off = verifyErdosMinimumOverlap([...half.slice(0, 7), 0.5 + 2 ** -40]);
    expect(off.feasible).toBe(false);
    expect(off.violations[0]?.constraint).toBe('normalization');
    expect(off.maxViolation).toBe(2 ** -40 / 4); // |2Σh/n − 1| = 2·2^-40/8
    expect(
      verifyErdosMinimumOverlap([...half.slice(0, 7), 0.5 + 2 ** -40], { tolerance: 2 ** -42 }).feasible,
    ).toBe(true);
  });

  it('rejects heights outside [0, 1] and non-finite ones', () => {
    const outside = verifyErdosMinimumOverlap([1.25, 0.75, 0, 0]);
    expect(outside.feasible).toBe(false);
    expect(outside.violations.map((violation) => violation.where)).toContain('h[0] <= 1');
    expect(verifyErdosMinimumOverlap([0.5, Number.NaN]).issues[0]).toMatch(/not finite/);
  });

  it('matches a direct float evaluation of the correlation on a small example', () => {
    const h = [0, 0.25, 1, 0.75, 0, 0, 0.5, 0.5];
    let best = Number.NEGATIVE_INFINITY;
    for (let m = -(h.length - 1); m < h.length; m++) {
      let sum = 0;
      for (let i = 0; i < h.length; i++) {
        const j = i + m;
        if (j >= 0 && j < h.length) sum += (h[j] as number) * (1 - (h[i] as number));
      }
      best = Math.max(best, (sum * 2) / h.length);
    }
    expect(verifyErdosMinimumOverlap(h).value).toBe(best); // all dyadic with few bits: float is exact here
  });
});

describe('reading constructions', () => {
  it('reads the NaN and Infinity tokens Python writes, and reports them as not finite', async () => {
    const { parseJsonAllowingNonFinite } = await import('./construction.ts');
    const json = parseJsonAllowingNonFinite(
      '{"heights": [1.0, NaN, -Infinity, Infinity], "note": "NaN stays text"}',
    );
    expect(json).toEqual({
      heights: [1, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
      note: 'NaN stays text',
    });
    const verification = verifyAutocorrelation((json as { heights: number[] }).heights, 'c1');
    expect(verification.issues).toEqual([
      'heights[1] is not finite: NaN',
      'heights[2] is not finite: -Infinity',
      'heights[3] is not finite: Infinity',
    ]);
  });
});
