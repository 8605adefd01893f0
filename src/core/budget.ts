import type { Budget } from '../spec/problem.ts';
import type { RunView } from '../spec/run-view.ts';

/** Why a run must stop now, or null. `activeMs` is the run's wall time so far, measured by the caller. */
export function budgetStopReason(
  view: RunView & { readonly proposalsWithoutCandidate: number; readonly lastFailure: string | null },
  budget: Budget,
  activeMs: number,
): string | null {
  const { counts } = view;
  const failures = budget.consecutiveFailures ?? Math.max(30, 5 * view.problem.concurrency.llm);
  if (view.proposalsWithoutCandidate >= failures) {
    return `${view.proposalsWithoutCandidate} proposals in a row made no new candidate (last: ${view.lastFailure ?? 'unknown'})`;
  }
  if (budget.evaluations !== undefined && counts.evaluations >= budget.evaluations) {
    return `budget: ${budget.evaluations} evaluations`;
  }
  if (budget.llmCalls !== undefined && counts.llmCalls >= budget.llmCalls)
    return `budget: ${budget.llmCalls} LLM calls`;
  if (budget.tokens !== undefined && counts.inputTokens + counts.outputTokens >= budget.tokens) {
    return `budget: ${budget.tokens} tokens`;
  }
  if (budget.costUsd !== undefined && counts.costUsd >= budget.costUsd)
    return `budget: $${budget.costUsd} spent`;
  if (budget.wallTimeSeconds !== undefined && activeMs >= budget.wallTimeSeconds * 1000) {
    return `budget: ${budget.wallTimeSeconds} s of wall time`;
  }
  const bestScore = view.best?.evaluation?.score;
  if (budget.targetScore !== undefined && typeof bestScore === 'number') {
    if (bestScore === budget.targetScore || view.isBetter(bestScore, budget.targetScore)) {
      return `target score ${budget.targetScore} reached`;
    }
  }
  if (
    budget.plateauEvaluations !== undefined &&
    counts.evaluations - view.lastImprovementAt >= budget.plateauEvaluations
  ) {
    return `plateau: no improvement in ${budget.plateauEvaluations} evaluations`;
  }
  return null;
}

/** Whether one more proposal fits the budget, counting work already committed but not finished. */
export function proposalFits(
  view: RunView,
  budget: Budget,
  committed: {
    readonly proposals: number;
    readonly llmProposals: number;
    readonly queuedEvaluations: number;
  },
): boolean {
  const { counts } = view;
  if (budget.evaluations !== undefined) {
    const planned =
      counts.evaluations + counts.evaluationsInFlight + committed.queuedEvaluations + committed.proposals;
    if (planned >= budget.evaluations) return false;
  }
  if (budget.llmCalls !== undefined && counts.llmCalls + committed.llmProposals >= budget.llmCalls)
    return false;
  return true;
}
