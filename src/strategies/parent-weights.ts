/**
 * Parent-selection weights shared by the strategies that sample parents: ShinkaEvolve's sigmoid weights
 * with child-count damping, power-law rank weights, and self-repellent reweighting (SRRW). All work on a
 * bounded pool (an archive, a grid, a front), so their cost does not grow with the population.
 */
import type { Random } from '../spec/random.ts';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * ShinkaEvolve's weighted parent sampling: `s_i = sigmoid(λ · (f_i − median) / MAD)` damped by
 * `h_i = 1 / (1 + children_i)`. `fitness` is "higher is better" (negate minimized scores).
 */
export function sigmoidWeights(
  fitness: readonly number[],
  children: readonly number[],
  lambda: number,
): number[] {
  const center = median(fitness);
  const spread = Math.max(median(fitness.map((value) => Math.abs(value - center))), 1e-6);
  return fitness.map(
    (value, index) => sigmoid((lambda * (value - center)) / spread) / (1 + (children[index] ?? 0)),
  );
}

/** Power-law rank weights for a pool sorted best first: `w_r = (r + 1)^(−α)` (α = 0 is uniform). */
export function powerLawWeights(count: number, alpha: number): number[] {
  return Array.from({ length: count }, (_, rank) => (rank + 1) ** -alpha);
}

/**
 * Self-repellent reweighting: `w_i ← w_i × ((visits_i + 1) / (expected + 1))^(−α)`, where `expected` is
 * the mean visit count over the pool. α = 0 leaves the weights unchanged; larger α pushes the sampler
 * away from parents it has chosen often, which lowers the variance of what it explores.
 */
export function repelWeights(weights: readonly number[], visits: readonly number[], alpha: number): number[] {
  if (alpha === 0 || weights.length === 0) return [...weights];
  let total = 0;
  for (const count of visits) total += count;
  const expected = total / weights.length;
  return weights.map((weight, index) => weight * (((visits[index] ?? 0) + 1) / (expected + 1)) ** -alpha);
}

/** An index drawn by weight; uniform when every weight is zero or not finite. */
export function drawIndex(random: Random, weights: readonly number[]): number {
  const usable = weights.map((weight) => (Number.isFinite(weight) && weight > 0 ? weight : 0));
  if (usable.every((weight) => weight === 0)) return random.int(weights.length);
  return random.weighted(usable);
}

/** Up to `count` distinct indices drawn by weight without replacement. */
export function drawDistinct(random: Random, weights: readonly number[], count: number): number[] {
  const remaining = [...weights];
  const chosen: number[] = [];
  while (chosen.length < Math.min(count, weights.length)) {
    const index = drawIndex(random, remaining);
    if (chosen.includes(index)) {
      // all remaining weights were zero and the uniform fallback hit a chosen index: take the first free one
      const free = remaining.findIndex((_, position) => !chosen.includes(position));
      if (free < 0) break;
      chosen.push(free);
    } else chosen.push(index);
    remaining[chosen.at(-1) as number] = 0;
  }
  return chosen;
}
