/**
 * Ratchet's library API. Everything the CLI does is available from here:
 *
 * ```ts
 * import { run } from 'ratchet';
 * const summary = await run('examples/circle-packing', { overrides: { budget: { evaluations: 50 } } });
 * console.log(summary.best?.score);
 * ```
 */
export { type EvaluateOptions, type EvaluateOutcome, evaluateCandidate } from './api/evaluate.ts';
export { openStoreReader, type StoreReader } from './api/inspect.ts';
export { type ResumeOptions, type RunHandle, type RunOptions, resumeRun, run, startRun } from './api/run.ts';
export { loadProblem, type ProblemOverrides } from './config/load-problem.ts';
export { makeCandidate } from './core/candidate-id.ts';
export { RatchetError } from './core/errors.ts';
export { createRandom } from './core/random.ts';
export { projectRun, RunState } from './core/run-state.ts';
export type { RunSummary } from './core/run-summary.ts';
export { summarizeRun } from './core/run-summary.ts';
export { defineProblem } from './define-problem.ts';
export type * from './spec/index.ts';
export { findStrategy, registerStrategy, strategyNames } from './strategies/index.ts';
