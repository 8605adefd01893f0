/**
 * `sft`: every improving step as a chat conversation — the prompt of the proposal that made the better
 * child and the answer that made it — the shape chat fine-tuning tools read (`{"messages": [...]}`).
 */
import type { ExportContext } from './export-context.ts';
import { sourceOf } from './export-context.ts';
import type { ExportCounts, SftRecord } from './export-records.ts';
import { improvingSteps } from './improving-steps.ts';
import { proposalAnswer } from './proposal-answer.ts';

export function writeSft(context: ExportContext): ExportCounts {
  const { store, trajectory } = context;
  const steps = improvingSteps(trajectory);
  let records = 0;
  let synthesized = 0;
  for (const step of steps) {
    const answer = proposalAnswer(store, trajectory, step.proposal);
    if (answer === null) continue;
    if (answer.source === 'synthesized') synthesized += 1;
    const record: SftRecord = {
      messages: [...answer.prompt, { role: 'assistant', content: answer.answer }],
      ...(context.metadata
        ? {
            metadata: {
              ...sourceOf(trajectory),
              proposalId: step.proposal.proposalId,
              mode: step.proposal.request.mode,
              model: answer.model,
              source: answer.source,
              parentIds: step.parentIds,
              candidateId: step.candidateId,
              parentScore: step.parentScore,
              score: step.score,
              improvement: step.improvement,
              promoted: trajectory.promoted.has(step.candidateId),
              discarded: trajectory.discarded.has(step.candidateId),
            },
          }
        : {}),
    };
    context.write(record);
    records += 1;
  }
  return {
    records,
    details: { improvingSteps: steps.length, synthesized, withoutAnswer: steps.length - records },
  };
}
