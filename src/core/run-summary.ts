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
  /**
   * The champion: the best score without gates; with gates, the last candidate promoted through them,
   * with its held-out scores (`confirmScore` is for reporting only, never used to decide).
   */
  readonly champion: {
    readonly candidateId: string;
    readonly score: number | null;
    readonly validateScore?: number | null;
    readonly confirmScore?: number | null;
  } | null;
  readonly promotions: number;
  readonly discards: number;
  /** Evaluations on validate/confirm made by the gates (not counted in `evaluations`). */
  readonly gateEvaluations: number;
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
    champion: championOf(state),
    promotions: state.promotedIds.length,
    discards: state.discards,
    gateEvaluations: state.gateEvaluations,
    objective: state.problem.objective,
    llmCalls: state.counts.llmCalls,
    tokens: { input: state.counts.inputTokens, output: state.counts.outputTokens },
    costUsd: state.counts.costUsd,
    activeSeconds: Math.round(state.activeMs) / 1000,
  };
}

function championOf(state: RunState): RunSummary['champion'] {
  if (state.championId === null) return null;
  const gate = state.gateResults.get(state.championId);
  return {
    candidateId: state.championId,
    score: state.candidates.get(state.championId)?.evaluation?.score ?? null,
    ...(gate?.validate === undefined ? {} : { validateScore: gate.validate.score }),
    ...(gate?.confirm === undefined ? {} : { confirmScore: gate.confirm.score }),
  };
}
