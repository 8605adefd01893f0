/**
 * Improving steps: proposals whose new candidate scored better than its parent. They are what SFT
 * exports are made of, and the unit the exports' counts are checked against.
 */
import type { Objective } from '../spec/problem.ts';
import type { ProposalTrace, RunTrajectory } from './run-trajectory.ts';

export interface ImprovingStep {
  readonly proposal: ProposalTrace;
  readonly candidateId: string;
  readonly parentIds: readonly string[];
  /** The best score among the parents; null when no parent was scored (a repair of an invalid parent). */
  readonly parentScore: number | null;
  readonly score: number;
  /** `score − parentScore` (negative for a minimised objective); null when the parent had no score. */
  readonly improvement: number | null;
}

/** `a` strictly better than `b` in the objective's direction. */
export function isBetter(objective: Objective, a: number, b: number): boolean {
  return objective.direction === 'maximize' ? a > b : a < b;
}

/** The score of a candidate's latest main evaluation, or null unless it was scored. */
export function scoreOf(trajectory: RunTrajectory, candidateId: string): number | null {
  const evaluation = trajectory.evaluations.get(candidateId);
  return evaluation?.result.status === 'scored' ? evaluation.result.score : null;
}

/**
 * Every proposal with outcome `candidate` whose candidate was scored and beats each scored parent
 * strictly; a scored child of parents that have no score (a repaired invalid program) counts too.
 * Duplicates (content the run had already) are not steps. In the order the proposals started.
 */
export function improvingSteps(trajectory: RunTrajectory): ImprovingStep[] {
  const { objective } = trajectory.problem;
  const steps: ImprovingStep[] = [];
  for (const proposal of trajectory.proposals.values()) {
    const end = proposal.end;
    if (end?.outcome !== 'candidate' || end.candidateId === undefined || end.parentIds.length === 0) continue;
    const score = scoreOf(trajectory, end.candidateId);
    if (score === null) continue;
    let parentScore: number | null = null;
    for (const parentId of end.parentIds) {
      const value = scoreOf(trajectory, parentId);
      if (value !== null && (parentScore === null || isBetter(objective, value, parentScore)))
        parentScore = value;
    }
    if (parentScore !== null && !isBetter(objective, score, parentScore)) continue;
    steps.push({
      proposal,
      candidateId: end.candidateId,
      parentIds: end.parentIds,
      parentScore,
      score,
      improvement: parentScore === null ? null : score - parentScore,
    });
  }
  return steps;
}
