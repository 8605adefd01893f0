import { z } from 'zod';
import type { RunView } from '../spec/run-view.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { defaultFriction, FeedbackFriction, frictionSchema, withNotes } from './feedback-friction.ts';
import { parseWith } from './parse-options.ts';
import { fitnessOf, ProposalLedger, scoreOf } from './proposal-ledger.ts';
import { RankedSet } from './ranked-set.ts';
import { beforeFirstScore } from './seed-gate.ts';

const optionsSchema = z.strictObject({
  width: z.number().int().min(1).max(256).default(4),
  pool: z.number().int().min(2).max(1000).optional(),
  friction: frictionSchema.default(defaultFriction),
});
type IadOptions = z.infer<typeof optionsSchema>;

interface IadState {
  readonly options: IadOptions;
  readonly ranked: RankedSet;
  readonly ledger: ProposalLedger;
  readonly friction: FeedbackFriction;
  round: number;
  proposed: number;
  resolved: number;
}

const poolSize = (options: IadOptions): number => options.pool ?? options.width;

function describeCandidate(view: RunView, id: string): string {
  const score = scoreOf(view.candidates.get(id)?.evaluation);
  return `${id.slice(0, 8)} (score ${score ?? '—'})`;
}

/**
 * `iad`: Iterative Agent Decoding (Review, Refine, Repeat). Round 0 samples `width` fresh candidates; every
 * later round shows the best and the worst of the pool (the top `pool` so far) with their scores and asks
 * for `width` improved candidates of the best. A round starts when the previous one is all back.
 */
export const iadStrategy: StrategyDefinition<IadState, IadOptions> = {
  name: 'iad',
  summary: 'verifier-guided refinement: each round shows the best and the worst with their scores',
  parseOptions: (raw) => parseWith(optionsSchema, raw),
  init: (options, problem) => ({
    options,
    ranked: new RankedSet(),
    ledger: new ProposalLedger(),
    friction: new FeedbackFriction(options.friction, problem),
    round: 0,
    proposed: 0,
    resolved: 0,
  }),
  apply(state, event, view) {
    if (
      event.type === 'evaluation-end' &&
      view.candidates.get(event.data.candidateId)?.evaluation === event.data.result
    ) {
      const score = scoreOf(event.data.result);
      if (score !== null) state.ranked.set(event.data.candidateId, fitnessOf(view, score));
    }
    if (event.type === 'proposal-start' && event.data.request.tags?.['round'] === state.round)
      state.proposed += 1;
    const resolution = state.ledger.apply(event, view);
    if (resolution !== null && resolution.request.tags?.['round'] === state.round) {
      const parentId = resolution.request.parentIds[0];
      if (parentId !== undefined && resolution.request.mode === 'improve')
        state.friction.record(parentId, resolution, view);
      state.resolved += 1;
      if (state.resolved >= state.options.width) {
        state.round += 1;
        state.proposed = 0;
        state.resolved = 0;
      }
    }
    return state;
  },
  next(state, view) {
    const early = beforeFirstScore(view);
    if (early !== null) return early;
    if (state.proposed >= state.options.width) return { kind: 'wait' };
    const best = view.best as NonNullable<RunView['best']>;
    const tags = { round: state.round };
    if (state.round === 0) {
      // the first round samples independently from the problem's starting point
      const scoredSeed = scoreOf(view.candidates.get(view.seedId)?.evaluation) !== null;
      const parent = scoredSeed ? view.seedId : best.id;
      return {
        kind: 'propose',
        request: {
          mode: 'fresh',
          parentIds: [parent],
          inspirationIds: [],
          showRecentAttempts: false,
          tags,
        },
      };
    }
    const pool = state.ranked.top(poolSize(state.options));
    const bestId = pool[0] ?? best.id;
    const worstId = pool.at(-1) ?? bestId;
    const notes = [
      `Best candidate so far: ${describeCandidate(view, bestId)} — it is the parent; improve it.`,
      ...(worstId === bestId
        ? []
        : [
            `Worst candidate in the pool: ${describeCandidate(view, worstId)} — shown among the examples; avoid what it does.`,
          ]),
    ];
    const friction = state.friction.adjust(bestId);
    const request = withNotes(
      {
        mode: 'improve',
        parentIds: [bestId],
        inspirationIds: worstId === bestId ? [] : [worstId],
        tags,
      },
      [...notes, ...(friction.notes ?? [])],
      friction.temperature,
    );
    return { kind: 'propose', request };
  },
  describe(state) {
    return [
      {
        title: `Pool (round ${state.round})`,
        kind: 'table',
        data: state.ranked
          .top(poolSize(state.options))
          .map((id) => ({ id, fitness: state.ranked.keyOf(id) })),
      },
    ];
  },
};
