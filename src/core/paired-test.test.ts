import { describe, expect, it } from 'vitest';
import { binomialUpperTail, bootstrapTest, signTest } from './paired-test.ts';
import { createRandom } from './random.ts';

describe('paired tests', () => {
  it('computes binomial tails exactly', () => {
    expect(binomialUpperTail(10, 10)).toBeCloseTo(1 / 1024, 12);
    expect(binomialUpperTail(10, 9)).toBeCloseTo(11 / 1024, 12);
    expect(binomialUpperTail(4, 0)).toBe(1);
    expect(binomialUpperTail(4, 5)).toBe(0);
  });

  it('passes the sign test only with enough wins', () => {
    expect(signTest([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0, 0.95)).toMatchObject({
      wins: 10,
      losses: 0,
      passed: true,
    });
    expect(signTest([1, 1, 1, 1, 1, 1, 1, -1, -1, -1], 0, 0.95)).toMatchObject({
      wins: 7,
      losses: 3,
      passed: false,
    });
    // the margin turns small improvements into ties
    expect(signTest([0.01, 0.01, 0.01, 0.01], 0.05, 0.9)).toMatchObject({ wins: 0, ties: 4, passed: false });
  });

  it('bootstraps the mean improvement', () => {
    const clearly = bootstrapTest([0.5, 0.4, 0.6, 0.3, 0.5, 0.45, 0.55], 0, 0.95, createRandom(1));
    expect(clearly.passed).toBe(true);
    expect(clearly.probabilityBetter).toBe(1);
    const noise = bootstrapTest([0.5, -0.5, 0.4, -0.4, 0.1, -0.1], 0, 0.95, createRandom(1));
    expect(noise.passed).toBe(false);
    expect(noise.probabilityBetter).toBeGreaterThan(0.2);
    expect(noise.probabilityBetter).toBeLessThan(0.8);
  });
});
