import { z } from 'zod';
import type { RunEvent } from '../spec/events.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { parseWith } from './parse-options.ts';
import { beforeFirstScore } from './seed-gate.ts';
import { TopK } from './top-k.ts';

const optionsSchema = z.strictObject({
  /** Other good candidates shown with the parent (default: the problem's `prompt.inspirations`). */
  inspirations: z.number().int().min(0).max(20).optional(),
});
type RefineOptions = z.infer<typeof optionsSchema>;

interface RefineState {
  readonly inspirations: number;
  readonly top: TopK;
}

/**
 * `refine`: one chain of sequential conditioned sampling. Every proposal improves the best candidate so
 * far, seeing its feedback, a few other good candidates and the recent attempts with their outcomes.
 * (With LLM concurrency above 1, several proposals from the same best run at once.)
 */
export const refineStrategy: StrategyDefinition<RefineState, RefineOptions> = {
  name: 'refine',
  summary: 'one chain: improve the best so far, conditioned on recent feedback (baseline)',
  parseOptions: (raw) => parseWith(optionsSchema, raw),
  init: (options, problem) => {
    const inspirations = options.inspirations ?? problem.prompt.inspirations;
    const isBetter =
      problem.objective.direction === 'maximize'
        ? (a: number, b: number) => a > b
        : (a: number, b: number) => a < b;
    return { inspirations, top: new TopK(inspirations + 1, isBetter) };
  },
  apply(state, event: RunEvent) {
    if (
      event.type === 'evaluation-end' &&
      event.data.result.status === 'scored' &&
      event.data.result.score !== null
    ) {
      state.top.add(event.data.candidateId, event.data.result.score);
    }
    return state;
  },
  next(state, view) {
    const early = beforeFirstScore(view);
    if (early !== null) return early;
    const best = view.best!;
    const inspirationIds = state.top
      .list()
      .filter((item) => item.id !== best.id)
      .slice(0, state.inspirations)
      .map((item) => item.id);
    return { kind: 'propose', request: { mode: 'improve', parentIds: [best.id], inspirationIds } };
  },
};
