import { expect } from 'vitest';
import { projectRun } from '../../src/core/run-state.ts';
import type { RunEvent } from '../../src/spec/events.ts';

/**
 * The invariants every recorded run must satisfy, however it was interrupted: every proposal has exactly
 * one outcome, every evaluation ends once (or is closed by a resume), no candidate is evaluated twice, and
 * the best candidate is the best scored one in the log.
 */
export function expectConsistentLog(events: readonly RunEvent[]): void {
  const started = events
    .filter((event) => event.type === 'proposal-start')
    .map((event) => event.data.proposalId);
  const ended = events.filter((event) => event.type === 'proposal-end').map((event) => event.data.proposalId);
  expect(new Set(ended).size, 'a proposal ended twice').toBe(ended.length);
  expect([...ended].sort(), 'proposals without exactly one outcome').toEqual([...started].sort());

  const closedByResume = new Set(
    events.flatMap((event) => (event.type === 'run-resume' ? event.data.interruptedEvaluations : [])),
  );
  const ends = new Map<string, number>();
  for (const event of events) {
    if (event.type === 'evaluation-end')
      ends.set(event.data.evaluationId, (ends.get(event.data.evaluationId) ?? 0) + 1);
  }
  for (const event of events) {
    if (event.type !== 'evaluation-start') continue;
    const count =
      (ends.get(event.data.evaluationId) ?? 0) + (closedByResume.has(event.data.evaluationId) ? 1 : 0);
    expect(count, `evaluation ${event.data.evaluationId} ended ${count} times`).toBe(1);
  }
  const evaluated = events.flatMap((event) =>
    event.type === 'evaluation-end' ? [event.data.candidateId] : [],
  );
  expect(new Set(evaluated).size, 'a candidate was evaluated twice').toBe(evaluated.length);

  const state = projectRun(events);
  const direction = state.problem.objective.direction;
  const scores = events.flatMap((event) =>
    event.type === 'evaluation-end' &&
    event.data.result.status === 'scored' &&
    event.data.result.score !== null
      ? [event.data.result.score]
      : [],
  );
  if (scores.length > 0) {
    const best = direction === 'maximize' ? Math.max(...scores) : Math.min(...scores);
    expect(state.best?.evaluation?.score).toBe(best);
  }
}
