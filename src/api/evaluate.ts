/**
 * Scores one candidate outside any run (`ratchet evaluate`): the seed, or the seed with its main file
 * replaced by a given file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadProblem, type ProblemOverrides } from '../config/load-problem.ts';
import { makeCandidate } from '../core/candidate-id.ts';
import { RatchetError } from '../core/errors.ts';
import type { Candidate } from '../spec/candidate.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import { assembleExecutor, type EngineOptions } from './engine-parts.ts';
import { resolveStoreDir } from './store-location.ts';

export interface EvaluateOptions extends EngineOptions {
  /** A file whose content replaces the main file of the seed (default: the seed itself). */
  readonly candidateFile?: string;
  readonly store?: string;
  readonly overrides?: ProblemOverrides;
  readonly signal?: AbortSignal;
}

export interface EvaluateOutcome {
  readonly problem: ResolvedProblem;
  readonly candidate: Candidate;
  readonly result: EvaluationResult;
}

export async function evaluateCandidate(
  target: string,
  options: EvaluateOptions = {},
): Promise<EvaluateOutcome> {
  const { problem } = await loadProblem(target, options.overrides);
  let files = problem.seed;
  if (options.candidateFile !== undefined) {
    let content: string;
    try {
      content = readFileSync(path.resolve(options.candidateFile), 'utf8');
    } catch (error) {
      throw new RatchetError('not-found', `cannot read the candidate file ${options.candidateFile}`, {
        hint: 'give a path to a file that exists',
        cause: error,
      });
    }
    files = problem.seed.map((file) =>
      file.path === problem.mainFile ? { path: file.path, content } : file,
    );
  }
  const candidate = makeCandidate(files);
  const { executor, bundleHash } = await assembleExecutor(
    problem,
    resolveStoreDir(options.store, problem.dir),
    options,
  );
  try {
    const result = await executor.evaluate(
      { evaluationId: 'e1', candidate, problem, bundleHash },
      options.signal === undefined ? {} : { signal: options.signal },
    );
    return { problem, candidate, result };
  } finally {
    await executor.close();
  }
}
