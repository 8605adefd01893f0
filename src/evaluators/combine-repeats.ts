/**
 * `repeats: k` for noisy evaluators: the score is the mean of the k scores, with its standard error;
 * every metric that all repeats returned is averaged too. An evaluator that claims to be deterministic
 * but disagrees with itself is flagged in the feedback and the `repeat-disagreement` artifact.
 */
import type { EvaluationResult } from '../spec/evaluation.ts';

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Sample standard deviation over √k (0 for a single value). */
export function standardError(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  const variance = values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance / values.length);
}

/**
 * Combines the results of the repeats of one evaluation, all `scored` (the caller stops at the first
 * repeat that is not). `durationMs` is the total.
 */
export function combineRepeats(
  results: readonly EvaluationResult[],
  options: {
    readonly deterministic: boolean;
    /** `lower-bound`: the score is the pessimistic end of the 95% interval (mean ∓ 1.96 SE). */
    readonly selectOn?: 'mean' | 'lower-bound';
    readonly direction?: 'maximize' | 'minimize';
  },
): EvaluationResult {
  const first = results[0];
  if (first === undefined) throw new Error('combineRepeats: no results');
  if (results.length === 1) return first;
  const scores = results.map((result) => result.score as number);
  const metrics: Record<string, number> = {};
  for (const name of Object.keys(first.metrics)) {
    const values = results.map((result) => result.metrics[name]);
    if (values.every((value) => value !== undefined)) metrics[name] = mean(values as number[]);
  }
  const artifacts: Record<string, string> = { ...(results.at(-1) as EvaluationResult).artifacts };
  const average = mean(scores);
  const scoreStdError = standardError(scores);
  const lines = [`Mean of ${results.length} repeats: ${average} ± ${scoreStdError} (standard error).`];
  let score = average;
  if (options.selectOn === 'lower-bound') {
    score =
      options.direction === 'minimize' ? average + 1.96 * scoreStdError : average - 1.96 * scoreStdError;
    lines.push(`Score for selection: the pessimistic end of the 95% interval, ${score}.`);
  }
  if (options.deterministic && new Set(scores).size > 1) {
    const message = `The evaluator is declared deterministic, but its repeats disagree: ${scores.join(', ')}.`;
    artifacts['repeat-disagreement'] = message;
    lines.push(message);
  }
  if (first.feedback.trim() !== '') lines.push(first.feedback);
  return {
    status: 'scored',
    metrics,
    score,
    feedback: lines.join('\n'),
    artifacts,
    repeatScores: scores,
    scoreStdError,
    ...(first.stage === undefined ? {} : { stage: first.stage }),
    ...(first.predictions === undefined ? {} : { predictions: first.predictions }),
    usage: { durationMs: results.reduce((sum, result) => sum + result.usage.durationMs, 0) },
  };
}
