/**
 * `feedback`: every main evaluation as a LeTI-style example — the instruction (the problem), the program,
 * the evaluator's textual feedback and whether it passed (was scored).
 */
import { RatchetError } from '../core/errors.ts';
import type { ExportContext } from './export-context.ts';
import { eventAt, sourceOf } from './export-context.ts';
import type { ExportCounts, FeedbackRecord } from './export-records.ts';
import { isBetter, scoreOf } from './improving-steps.ts';

export function writeFeedback(context: ExportContext): ExportCounts {
  const { store, trajectory } = context;
  const { problem } = trajectory;
  const objective = `Objective: ${problem.objective.direction} ${problem.objective.metric}.`;
  const description = problem.description.trim();
  const instruction = description === '' ? objective : `${description}\n\n${objective}`;
  let records = 0;
  let passed = 0;
  for (const seq of trajectory.evaluationSeqs) {
    const event = eventAt(store, trajectory.runId, seq);
    if (event.type !== 'evaluation-end') continue;
    const { candidateId, evaluationId, result } = event.data;
    const program = store.getCandidate(candidateId)?.files.find((file) => file.path === problem.mainFile);
    if (program === undefined)
      throw new RatchetError(
        'store',
        `the content of candidate ${candidateId} (${problem.mainFile}) is missing`,
      );
    const trace = trajectory.candidates.get(candidateId);
    const parentIds = trace?.parentIds ?? [];
    const parentScores = parentIds.map((id) => scoreOf(trajectory, id)).filter((score) => score !== null);
    const scored = result.status === 'scored' && result.score !== null;
    const improved =
      parentIds.length === 0
        ? null
        : scored && parentScores.every((score) => isBetter(problem.objective, result.score as number, score));
    const record: FeedbackRecord = {
      instruction,
      program: program.content,
      feedback: result.feedback,
      passed: result.status === 'scored',
      status: result.status,
      score: result.score,
      metrics: result.metrics,
      ...(context.metadata
        ? {
            metadata: {
              ...sourceOf(trajectory),
              candidateId,
              evaluationId,
              parentIds,
              origin: trace?.origin ?? 'manual',
              mainFile: problem.mainFile,
              language: problem.language,
              improved,
            },
          }
        : {}),
    };
    context.write(record);
    records += 1;
    if (record.passed) passed += 1;
  }
  return { records, details: { evaluations: trajectory.evaluationSeqs.length, passed } };
}
