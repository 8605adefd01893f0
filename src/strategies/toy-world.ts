/**
 * A tiny deterministic problem for the strategy contract suite and the benchmark: the candidate is
 * `x = <number>`; three instances score −(x − t)² for t = 2, 3, 4 and the objective is their mean. Some
 * candidates are invalid, some proposals fail, some repeat their parent (duplicates), so every strategy
 * meets every outcome.
 */

import { testProblem } from '../core/testing/test-problem.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import type { SimulatedWorld } from './strategy-simulator.ts';

/** Settings of the toy problem. */
export interface ToyOptions {
  readonly strategy: string;
  readonly strategyOptions?: Readonly<Record<string, unknown>>;
  /** The seed itself is invalid (fix mode first). */
  readonly invalidSeed?: boolean;
  readonly evaluations?: number;
  readonly concurrency?: { readonly llm: number; readonly evaluations: number };
}

/** The toy problem, resolved, for the controller or the simulator. */
export function toyProblem(options: ToyOptions): ResolvedProblem {
  return testProblem({
    description: 'bring x to 3',
    seed: [{ path: 'main.py', content: options.invalidSeed === true ? 'x = -1.5\n' : 'x = 0\n' }],
    strategy: { name: options.strategy, options: options.strategyOptions ?? {} },
    budget: { evaluations: options.evaluations ?? 40 },
    concurrency: options.concurrency ?? { llm: 3, evaluations: 2 },
  });
}

/** The `x` of a toy candidate (NaN when absent). */
export const toyValue = (content: string): number => Number(/x = (-?[\d.e+-]+)/.exec(content)?.[1] ?? 'NaN');

/** Scores a toy candidate: invalid when x < −1 or x lands on a multiple of 0.7 (about one in seven). */
export function evaluateToy(content: string): EvaluationResult {
  const x = toyValue(content);
  const usage = { durationMs: 1 };
  const invalid = !Number.isFinite(x) || x < -1 || Math.round(x * 10) % 7 === 0;
  if (invalid && !(x === 0)) {
    return {
      status: 'invalid',
      metrics: {},
      score: null,
      feedback: `x=${x} is not allowed`,
      artifacts: {},
      usage,
    };
  }
  const instanceMetrics = Object.fromEntries(
    [2, 3, 4].map((target) => [`t${target}`, { value: -((x - target) ** 2) }]),
  );
  const value = -((x - 2) ** 2 + (x - 3) ** 2 + (x - 4) ** 2) / 3;
  return {
    status: 'scored',
    metrics: { value },
    score: value,
    feedback: `x=${x}`,
    artifacts: {},
    usage,
    instanceMetrics,
  };
}

/** The toy proposer: nudges x (fix/improve/fresh), averages two parents (crossover); fails or repeats now and then. */
export function proposeToy(
  mode: string,
  parents: readonly string[],
  random: { normal(): number },
  index: number,
): { readonly ok: true; readonly content: string } | { readonly ok: false; readonly reason: string } {
  if (index % 9 === 8) return { ok: false, reason: 'SEARCH block 1 matched nothing' };
  const first = toyValue(parents[0] ?? 'x = 0');
  if (index % 11 === 10) return { ok: true, content: parents[0] ?? 'x = 0\n' };
  const base =
    mode === 'crossover'
      ? (first + toyValue(parents[1] ?? 'x = 0')) / 2
      : mode === 'fix'
        ? Math.abs(first)
        : first;
  const next = Math.round((base + random.normal() * 0.8) * 1e6) / 1e6;
  return { ok: true, content: `x = ${next}\n` };
}

/** The toy problem as a simulated world. */
export function toyWorld(options: ToyOptions): SimulatedWorld {
  return {
    problem: toyProblem(options),
    propose: (request, parents, random, index) => proposeToy(request.mode, parents, random, index),
    evaluate: evaluateToy,
  };
}
