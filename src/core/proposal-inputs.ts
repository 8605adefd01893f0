/**
 * What a proposal is built from, shared by the controller and by replay so that both compute exactly the
 * same thing from the same state: the model chosen for a request, and the candidates and attempts the
 * proposer sees.
 */
import type { Candidate } from '../spec/candidate.ts';
import type { ModelSpec, ResolvedProblem } from '../spec/problem.ts';
import type { ProposalRequest } from '../spec/proposal.ts';
import type { CandidateView } from '../spec/proposer.ts';
import type { Random } from '../spec/random.ts';
import type { Attempt, RunView } from '../spec/run-view.ts';
import { RatchetError } from './errors.ts';

/** The model for a request: the one it names, else one drawn by weight from the decision's randomness. */
export function chooseModel(problem: ResolvedProblem, request: ProposalRequest, random: Random): ModelSpec {
  const { models } = problem;
  if (request.model !== undefined) {
    const chosen = models.find((model) => model.model === request.model);
    if (chosen === undefined)
      throw new RatchetError('internal', `strategy asked for unknown model ${request.model}`);
    return chosen;
  }
  if (models.length === 1) return models[0] as ModelSpec;
  return models[random.fork('model').weighted(models.map((model) => model.weight))] as ModelSpec;
}

export interface ProposalInputs {
  readonly parents: readonly CandidateView[];
  readonly inspirations: readonly CandidateView[];
  readonly recentAttempts: readonly Attempt[];
}

/** Parents, inspirations and recent attempts for a request, read from the run's current state. */
export function proposalInputs(
  view: RunView,
  request: ProposalRequest,
  candidateOf: (id: string) => Candidate,
): ProposalInputs {
  const toView = (id: string): CandidateView => {
    const record = view.candidates.get(id);
    if (record === undefined)
      throw new RatchetError('internal', `strategy referred to unknown candidate ${id}`);
    return { candidate: candidateOf(id), record };
  };
  const limit = view.problem.prompt.recentAttempts;
  const showAttempts = request.showRecentAttempts !== false && limit > 0;
  return {
    parents: request.parentIds.map(toView),
    inspirations: request.inspirationIds.map(toView),
    recentAttempts: showAttempts ? view.recentAttempts.slice(-limit) : [],
  };
}
