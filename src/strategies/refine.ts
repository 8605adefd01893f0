import { z } from 'zod';
import type { RunEvent } from '../spec/events.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { parseWith } from './parse-options.ts';
import { fitnessOf, scoreOf } from './proposal-ledger.ts';
import { RankedSet } from './ranked-set.ts';
import { beforeFirstScore } from './seed-gate.ts';

const optionsSchema = z.strictObject({
  /** Other good candidates shown with the parent (default: the problem's `prompt.inspirations`). */
  inspirations: z.number().int().min(0).max(20).optional(),
});
type RefineOptions = z.infer<typeof optionsSchema>;

interface RefineState {
  readonly inspirations: number;
  /** Scored candidates by fitness; ties keep the earlier one first (as `view.best` does). */
  readonly ranked: RankedSet;
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
  init: (options, problem) => ({
    inspirations: options.inspirations ?? problem.prompt.inspirations,
    ranked: new RankedSet(),
  }),
  apply(state, event: RunEvent, view) {
    if (
      event.type === 'evaluation-end' &&
      view.candidates.get(event.data.candidateId)?.evaluation === event.data.result
    ) {
      const score = scoreOf(event.data.result);
      if (score !== null && !state.ranked.has(event.data.candidateId))
        state.ranked.set(event.data.candidateId, fitnessOf(view, score));
    }
    return state;
  },
  next(state, view) {
    const early = beforeFirstScore(view);
    if (early !== null) return early;
    const best = view.best!;
    const inspirationIds = state.ranked
      .top(state.inspirations + 1)
      .filter((id) => id !== best.id)
      .slice(0, state.inspirations);
    return { kind: 'propose', request: { mode: 'improve', parentIds: [best.id], inspirationIds } };
  },
};
