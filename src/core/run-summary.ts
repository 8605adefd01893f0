import type { Metrics } from '../spec/evaluation.ts';
import type { RunState } from './run-state.ts';

/** The machine-readable summary of a run (`--json` of `run`, `resume`, `status`). */
export interface RunSummary {
  readonly runId: string;
  readonly problem: string;
  readonly status: RunState['status'];
  readonly reason: string | null;
  readonly strategy: string;
  readonly models: readonly string[];
  readonly seed: number;
  readonly evaluations: number;
  readonly proposals: number;
  readonly failedProposals: number;
  readonly duplicateProposals: number;
  readonly statuses: RunState['counts']['statuses'];
  readonly seedScore: number | null;
  readonly best: { readonly candidateId: string; readonly score: number; readonly metrics: Metrics } | null;
  readonly objective: RunState['problem']['objective'];
  readonly llmCalls: number;
  readonly tokens: { readonly input: number; readonly output: number };
  readonly costUsd: number;
  readonly activeSeconds: number;
}

export function summarizeRun(state: RunState): RunSummary {
  const seed = state.candidates.get(state.seedId);
  const best = state.best;
  return {
    runId: state.runId,
    problem: state.problem.name,
    status: state.status,
    reason: state.endReason,
    strategy: state.problem.strategy.name,
    models: state.problem.models.map((model) => model.model),
    seed: state.settings.seed,
    evaluations: state.counts.evaluations,
    proposals: state.counts.proposals,
    failedProposals: state.counts.failedProposals,
    duplicateProposals: state.counts.duplicateProposals,
    statuses: { ...state.counts.statuses },
    seedScore: seed?.evaluation?.score ?? null,
    best:
      best?.evaluation?.score == null
        ? null
        : { candidateId: best.id, score: best.evaluation.score, metrics: best.evaluation.metrics },
    objective: state.problem.objective,
    llmCalls: state.counts.llmCalls,
    tokens: { input: state.counts.inputTokens, output: state.counts.outputTokens },
    costUsd: state.counts.costUsd,
    activeSeconds: Math.round(state.activeMs) / 1000,
  };
}
