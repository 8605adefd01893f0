/**
 * The evaluation cache across runs: a result is reused only for the same candidate content, the same
 * evaluator bundle (content hash), the same instances and the same evaluation settings. Only outcomes
 * that the candidate decides (`scored`, `invalid`) are cached; failures, timeouts and crashes may be the
 * machine's fault and are evaluated again. Noisy evaluators (`repeats` > 1) are never cached.
 */
import { createHash } from 'node:crypto';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { ResolvedProblem } from '../spec/problem.ts';

export type { EvaluationCache } from '../spec/store.ts';

/** The cache key of an evaluation, or null when the problem's evaluations must not be cached. */
export function evaluationCacheKey(
  problem: ResolvedProblem,
  candidateId: string,
  bundleHash: string,
  instances: readonly string[] | undefined,
): string | null {
  if ((problem.repeats ?? 1) > 1) return null;
  // with active data, what an evaluation receives depends on the run's acquisitions
  if (problem.activeData !== undefined) return null;
  const settings = {
    evaluator: problem.evaluator,
    objective: problem.objective,
    timeoutSeconds: problem.timeoutSeconds,
    sandbox: problem.sandbox,
    cascadeThresholds: problem.cascadeThresholds ?? null,
    selectOn: problem.selectOn ?? 'mean',
  };
  return createHash('sha256')
    .update(JSON.stringify([candidateId, bundleHash, instances ?? null, settings]))
    .digest('hex');
}

export function isCacheable(result: EvaluationResult): boolean {
  return result.status === 'scored' || result.status === 'invalid';
}
