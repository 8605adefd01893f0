/**
 * Ratchet's library API. Everything the CLI does is available from here:
 *
 * ```ts
 * import { run } from 'ratchet';
 * const summary = await run('examples/circle-packing', { overrides: { budget: { evaluations: 50 } } });
 * console.log(summary.best?.score);
 * ```
 */

export { diffCandidates } from './api/candidate-diff.ts';
export { candidateLineage } from './api/candidate-lineage.ts';
export { type CompareOptions, type CompareResult, compareStrategies } from './api/compare.ts';
export { type EvaluateOptions, type EvaluateOutcome, evaluateCandidate } from './api/evaluate.ts';
export {
  type ExportOptions,
  type ExportResult,
  exportFormats,
  exportRun,
  writeRunExport,
} from './api/export.ts';
export { openStoreReader, type StoreReader } from './api/inspect.ts';
export { type ReplayOptions, type ReplayOutcome, replayRecordedRun } from './api/replay.ts';
export { type ResumeOptions, type RunHandle, type RunOptions, resumeRun, run, startRun } from './api/run.ts';
export { showCandidate } from './api/show-candidate.ts';
export { loadProblem, type ProblemOverrides } from './config/load-problem.ts';
export { makeCandidate } from './core/candidate-id.ts';
export { RatchetError } from './core/errors.ts';
export { createRandom } from './core/random.ts';
export { type ReplayReport, replayRun } from './core/replay.ts';
export { projectRun, RunState } from './core/run-state.ts';
export type { RunSummary } from './core/run-summary.ts';
export { summarizeRun } from './core/run-summary.ts';
export { defineProblem } from './define-problem.ts';
export { createLlmClient } from './llm/create-llm-client.ts';
export { createProposer } from './llm/create-proposer.ts';
export { type MockLlmServer, type MockLlmServerOptions, startMockLlmServer } from './llm/mock-llm-server.ts';
export { startDashboardServer } from './server/dashboard-server.ts';
export { reportHtml } from './server/report/report-html.ts';
export type * from './spec/index.ts';
export { findStrategy, registerStrategy, strategyNames } from './strategies/index.ts';
export {
  readConstruction,
  verifyAutocorrelation,
  verifyCirclePacking,
  verifyErdosMinimumOverlap,
} from './verify/index.ts';
