/**
 * `check-evaluator`: is this evaluator strict enough to trust? It evaluates the seed (which should score)
 * and deliberately broken candidates — the built-in ones and the problem's declared checks — which must
 * not. Any broken candidate that scores is reported as accepted.
 */
import { makeCandidate } from '../core/candidate-id.ts';
import type { EvaluationStatus } from '../spec/evaluation.ts';
import type { Executor } from '../spec/executor.ts';
import type { EvaluatorCheck, ResolvedProblem } from '../spec/problem.ts';
import { buildCheckCandidate, defaultGenerators, generatorDescriptions } from './broken-candidates.ts';
import { loadChecksFile } from './checks-file.ts';

export interface CheckOutcome {
  readonly name: string;
  readonly source: 'built-in' | 'declared';
  readonly description: string;
  readonly expect: NonNullable<EvaluatorCheck['expect']>;
  /** null when the broken candidate could not be built (see `error`). */
  readonly status: EvaluationStatus | null;
  readonly score: number | null;
  /** The evaluator scored a broken candidate (above the seed, for `no-better-than-seed`): it is too lax. */
  readonly accepted: boolean;
  /** The first line of the evaluation's feedback (why it was rejected). */
  readonly reason: string;
  readonly error?: string;
}

export interface CheckEvaluatorReport {
  readonly seed: {
    readonly status: EvaluationStatus;
    readonly score: number | null;
    readonly reason: string;
  };
  readonly checks: readonly CheckOutcome[];
  /** How many broken candidates were accepted. */
  readonly accepted: number;
  /** The seed scored and no broken candidate did. */
  readonly ok: boolean;
}

export interface CheckEvaluatorOptions {
  readonly executor: Executor;
  readonly bundleHash: string;
  /** Run the built-in generic checks too (default true). */
  readonly builtIn?: boolean;
  /** Checks to run instead of the problem's (`problem.checks`, else `checks.json`). */
  readonly checks?: readonly EvaluatorCheck[];
  readonly signal?: AbortSignal;
}

/**
 * A broken candidate is accepted when it is scored at all — or, for `no-better-than-seed`, scored above
 * the seed (in the objective's direction; above anything when the seed itself did not score).
 */
function isAccepted(
  check: EvaluatorCheck,
  score: number | null,
  seedScore: number | null,
  problem: ResolvedProblem,
): boolean {
  if (score === null) return false;
  if (check.expect !== 'no-better-than-seed' || seedScore === null) return true;
  return problem.objective.direction === 'maximize' ? score > seedScore : score < seedScore;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}

/** Runs the seed and every broken candidate through the executor (concurrently, up to its capacity). */
export async function checkEvaluator(
  problem: ResolvedProblem,
  options: CheckEvaluatorOptions,
): Promise<CheckEvaluatorReport> {
  const declared = options.checks ?? problem.checks ?? loadChecksFile(problem.dir) ?? [];
  const planned: { check: EvaluatorCheck; source: CheckOutcome['source'] }[] = [
    ...(options.builtIn === false ? [] : defaultGenerators).map((generator) => ({
      check: { name: generator, generator, description: generatorDescriptions[generator] },
      source: 'built-in' as const,
    })),
    ...declared.map((check) => ({ check, source: 'declared' as const })),
  ];
  const evaluate = (files: Parameters<typeof makeCandidate>[0], index: number) =>
    options.executor.evaluate(
      {
        evaluationId: `check-${index}`,
        candidate: makeCandidate(files),
        problem,
        bundleHash: options.bundleHash,
      },
      options.signal === undefined ? {} : { signal: options.signal },
    );

  const seedRun = evaluate(problem.seed, 0);
  const checkRuns = planned.map(async ({ check, source }, index): Promise<CheckOutcome> => {
    const description =
      check.description ?? (check.generator === undefined ? '' : generatorDescriptions[check.generator]);
    const built = await buildCheckCandidate(check, problem);
    if (!built.ok) {
      return {
        name: check.name,
        source,
        description,
        expect: check.expect ?? 'reject',
        status: null,
        score: null,
        accepted: false,
        reason: '',
        error: built.reason,
      };
    }
    const [result, seed] = await Promise.all([evaluate(built.files, index + 1), seedRun]);
    return {
      name: check.name,
      source,
      description,
      expect: check.expect ?? 'reject',
      status: result.status,
      score: result.score,
      accepted: isAccepted(check, result.score, seed.score, problem),
      reason: firstLine(result.feedback),
    };
  });
  const [seedResult, checks] = await Promise.all([seedRun, Promise.all(checkRuns)]);
  const accepted = checks.filter((check) => check.accepted).length;
  return {
    seed: { status: seedResult.status, score: seedResult.score, reason: firstLine(seedResult.feedback) },
    checks,
    accepted,
    ok: seedResult.status === 'scored' && accepted === 0,
  };
}
