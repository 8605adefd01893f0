/**
 * The whole evaluator of a construction problem folder (`examples/circle-packing-26`, …): read the
 * verifier id from the folder's `verifier.json`, run the candidate program, verify what it prints. The
 * folder's `evaluator.ts` only loads this module and calls it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EvaluatorContext } from '../spec/evaluation.ts';
import { type ConstructionEvaluation, evaluateConstructionProgram } from './program-evaluation.ts';

export interface ProblemFolderOptions {
  /** Limit for the candidate program (default 50 s, below the evaluation's own 60 s default). */
  readonly timeoutMs?: number;
  /** Feasibility tolerance (default 0). */
  readonly tolerance?: number;
}

/** Evaluates the candidate of an evaluation context against the folder's `verifier.json`. */
export function evaluateProblemFolderCandidate(
  context: EvaluatorContext,
  options: ProblemFolderOptions = {},
): Promise<ConstructionEvaluation> {
  const file = path.join(context.problemDir, 'verifier.json');
  const settings = JSON.parse(readFileSync(file, 'utf8')) as { verifier?: unknown; tolerance?: unknown };
  if (typeof settings.verifier !== 'string') throw new Error(`${file}: no "verifier" string`);
  const tolerance = typeof settings.tolerance === 'number' ? settings.tolerance : (options.tolerance ?? 0);
  return evaluateConstructionProgram({
    problem: settings.verifier,
    program: context.candidatePath,
    cwd: context.candidateDir,
    timeoutMs: options.timeoutMs ?? 50_000,
    tolerance,
  });
}
