/**
 * Paired tests of a candidate against the champion on the same instances. Pure functions; randomness
 * (bootstrap) comes from a seeded `Random`.
 */
import type { Random } from '../spec/random.ts';

export interface PairedOutcome {
  readonly wins: number;
  readonly losses: number;
  readonly ties: number;
  /** Sign test: one-sided p-value of "the candidate is not better". */
  readonly pValue?: number;
  /** Bootstrap: probability that the mean improvement exceeds the margin. */
  readonly probabilityBetter?: number;
  readonly passed: boolean;
}

/**
 * `improvements[i]` is how much better the candidate is on instance i (positive = better, already
 * oriented by the objective's direction). The candidate wins an instance when it beats the champion by
 * more than `margin`, loses when it falls short of the champion by more than `margin`.
 */
export function signTest(improvements: readonly number[], margin: number, confidence: number): PairedOutcome {
  let wins = 0;
  let losses = 0;
  for (const value of improvements) {
    if (value > margin) wins += 1;
    else if (value < -margin) losses += 1;
  }
  const ties = improvements.length - wins - losses;
  const pValue = binomialUpperTail(wins + losses, wins);
  return { wins, losses, ties, pValue, passed: wins > losses && pValue <= 1 - confidence };
}

/** Bootstrap over instances: the share of resampled mean improvements above `margin`. */
export function bootstrapTest(
  improvements: readonly number[],
  margin: number,
  confidence: number,
  random: Random,
  resamples = 2000,
): PairedOutcome {
  const n = improvements.length;
  let wins = 0;
  let losses = 0;
  for (const value of improvements) {
    if (value > margin) wins += 1;
    else if (value < -margin) losses += 1;
  }
  if (n === 0) return { wins, losses, ties: 0, probabilityBetter: 0, passed: false };
  let above = 0;
  for (let round = 0; round < resamples; round++) {
    let sum = 0;
    for (let index = 0; index < n; index++) sum += improvements[random.int(n)] as number;
    if (sum / n > margin) above += 1;
  }
  const probabilityBetter = above / resamples;
  return {
    wins,
    losses,
    ties: n - wins - losses,
    probabilityBetter,
    passed: probabilityBetter >= confidence,
  };
}

/** P(X ≥ k) for X ~ Binomial(n, 1/2), exactly (log-space for large n). */
export function binomialUpperTail(n: number, k: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let logChoose = 0; // log C(n, i), starting at i = 0
  let total = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    if (i >= k) total += Math.exp(logChoose - n * Math.LN2);
  }
  return Math.min(1, total);
}
