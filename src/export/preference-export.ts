/**
 * `preference`: pairs of children of the same parent(s) where one scored strictly better than the other
 * (a scored child beats one whose evaluation was not scored), as `prompt` / `chosen` / `rejected`.
 */
import type { EvaluationStatus } from '../spec/evaluation.ts';
import type { Objective } from '../spec/problem.ts';
import type { ExportContext } from './export-context.ts';
import { sourceOf } from './export-context.ts';
import type { ExportCounts, PreferenceRecord } from './export-records.ts';
import { isBetter } from './improving-steps.ts';
import { type ProposalAnswer, proposalAnswer } from './proposal-answer.ts';
import type { ProposalTrace } from './run-trajectory.ts';

interface Child {
  readonly proposal: ProposalTrace;
  readonly candidateId: string;
  readonly status: EvaluationStatus;
  readonly score: number | null;
}

/** Positive when `a` is the better child, negative when `b` is, 0 for a tie (no pair). */
export function compareChildren(objective: Objective, a: Child, b: Child): number {
  if (a.score === null || b.score === null) return (a.score === null ? 0 : 1) - (b.score === null ? 0 : 1);
  if (isBetter(objective, a.score, b.score)) return 1;
  return isBetter(objective, b.score, a.score) ? -1 : 0;
}

function sameMessages(a: ProposalAnswer, b: ProposalAnswer): boolean {
  return JSON.stringify(a.prompt) === JSON.stringify(b.prompt);
}

export function writePreference(context: ExportContext): ExportCounts {
  const { store, trajectory } = context;
  const { objective } = trajectory.problem;
  const groups = new Map<string, Child[]>();
  for (const proposal of trajectory.proposals.values()) {
    const end = proposal.end;
    if (end?.outcome !== 'candidate' || end.candidateId === undefined || end.parentIds.length === 0) continue;
    const evaluation = trajectory.evaluations.get(end.candidateId);
    if (evaluation === undefined) continue;
    const key = JSON.stringify(end.parentIds);
    const child: Child = {
      proposal,
      candidateId: end.candidateId,
      status: evaluation.result.status,
      score: evaluation.result.status === 'scored' ? evaluation.result.score : null,
    };
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [child]);
    else group.push(child);
  }
  const answers = new Map<string, ProposalAnswer | null>();
  const answerOf = (child: Child): ProposalAnswer | null => {
    const known = answers.get(child.proposal.proposalId);
    if (known !== undefined) return known;
    const answer = proposalAnswer(store, trajectory, child.proposal);
    answers.set(child.proposal.proposalId, answer);
    return answer;
  };
  let records = 0;
  let orderedPairs = 0;
  let parents = 0;
  for (const [key, children] of groups) {
    if (children.length < 2) continue;
    parents += 1;
    for (let first = 0; first < children.length; first++) {
      for (let second = first + 1; second < children.length; second++) {
        const a = children[first] as Child;
        const b = children[second] as Child;
        const order = compareChildren(objective, a, b);
        if (order === 0) continue;
        orderedPairs += 1;
        const [chosen, rejected] = order > 0 ? [a, b] : [b, a];
        const chosenAnswer = answerOf(chosen);
        const rejectedAnswer = answerOf(rejected);
        if (chosenAnswer === null || rejectedAnswer === null || chosen.score === null) continue;
        const record: PreferenceRecord = {
          prompt: chosenAnswer.prompt,
          chosen: [{ role: 'assistant', content: chosenAnswer.answer }],
          rejected: [{ role: 'assistant', content: rejectedAnswer.answer }],
          score_chosen: chosen.score,
          score_rejected: rejected.score,
          ...(context.metadata
            ? {
                metadata: {
                  ...sourceOf(trajectory),
                  parentIds: JSON.parse(key) as string[],
                  chosen: {
                    proposalId: chosen.proposal.proposalId,
                    candidateId: chosen.candidateId,
                    source: chosenAnswer.source,
                  },
                  rejected: {
                    proposalId: rejected.proposal.proposalId,
                    candidateId: rejected.candidateId,
                    source: rejectedAnswer.source,
                    status: rejected.status,
                  },
                  samePrompt: sameMessages(chosenAnswer, rejectedAnswer),
                },
              }
            : {}),
        };
        context.write(record);
        records += 1;
      }
    }
  }
  return { records, details: { parents, orderedPairs, withoutAnswer: orderedPairs - records } };
}
