import type { ProposalRequest } from '../spec/proposal.ts';
import type { RunView } from '../spec/run-view.ts';
import type { StrategyDecision } from '../spec/strategy.ts';

/**
 * What every strategy does before it has a scored candidate: wait for the seed's evaluation, then, if
 * nothing has scored yet, ask to repair the most recently evaluated candidate (fix mode).
 * Returns null once there is a scored candidate to build on.
 */
export function beforeFirstScore(view: RunView): StrategyDecision | null {
  if (view.best !== null) return null;
  const seed = view.candidates.get(view.seedId);
  if (seed?.evaluation === undefined) return { kind: 'wait' };
  let latest = seed;
  for (const attempt of view.recentAttempts) {
    const record = attempt.candidateId === undefined ? undefined : view.candidates.get(attempt.candidateId);
    if (record?.evaluation !== undefined && (record.evaluationNumber ?? 0) > (latest.evaluationNumber ?? 0)) {
      latest = record;
    }
  }
  const request: ProposalRequest = {
    mode: 'fix',
    parentIds: [latest.id],
    inspirationIds: [],
    tags: { fix: true },
  };
  return { kind: 'propose', request };
}
