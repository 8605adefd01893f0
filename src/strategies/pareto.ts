import { z } from 'zod';
import type { Random } from '../spec/random.ts';
import type { RunView } from '../spec/run-view.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { defaultFriction, FeedbackFriction, frictionSchema, withNotes } from './feedback-friction.ts';
import { InstanceFront, instanceFitness } from './instance-front.ts';
import { drawDistinct, drawIndex, repelWeights } from './parent-weights.ts';
import { parseWith } from './parse-options.ts';
import { fitnessOf, ProposalLedger, type Resolution } from './proposal-ledger.ts';
import { beforeFirstScore } from './seed-gate.ts';

const optionsSchema = z.strictObject({
  minibatch: z.number().int().min(1).max(100).default(3),
  mergeRate: z.number().min(0).max(1).default(0),
  tiesPerInstance: z.number().int().min(1).max(1000).default(8),
  inspirations: z.number().int().min(0).max(10).default(2),
  repel: z.number().min(0).max(10).default(0),
  friction: frictionSchema.default(defaultFriction),
});
type ParetoOptions = z.infer<typeof optionsSchema>;

interface ParetoState {
  readonly options: ParetoOptions;
  readonly front: InstanceFront;
  readonly ledger: ProposalLedger;
  readonly friction: FeedbackFriction;
  readonly visits: Map<string, number>;
  accepted: number;
  rejected: number;
}

const fitnessFor = (view: RunView, id: string): Map<string, number> =>
  instanceFitness(view.candidates.get(id)?.evaluation, view.problem.objective.metric, (value) =>
    fitnessOf(view, value),
  );

/** GEPA acceptance: the child must beat its parent on the minibatch drawn for the proposal. */
function acceptChild(state: ParetoState, resolution: Resolution, view: RunView): void {
  const childId = resolution.candidateId;
  if (childId === undefined || resolution.result?.status !== 'scored') return;
  const child = fitnessFor(view, childId);
  if (child.size === 0) return;
  const parentId = resolution.request.parentIds[0];
  const parent = parentId === undefined ? new Map<string, number>() : fitnessFor(view, parentId);
  const tagged = resolution.request.tags?.['minibatch'];
  const batch = typeof tagged === 'string' ? (JSON.parse(tagged) as string[]) : [...child.keys()];
  const sum = (values: Map<string, number>): number =>
    batch.reduce((total, instance) => total + (values.get(instance) ?? Number.NEGATIVE_INFINITY), 0);
  const first = state.front.wins.size === 0;
  if (!first && resolution.request.mode !== 'crossover' && parent.size > 0 && !(sum(child) > sum(parent))) {
    state.rejected += 1;
    return;
  }
  state.accepted += 1;
  state.front.add(childId, child);
}

function chooseParents(state: ParetoState, random: Random, count: number): string[] {
  const ids = [...state.front.wins.keys()];
  const weights = repelWeights(
    ids.map((id) => state.front.wins.get(id) ?? 0),
    ids.map((id) => state.visits.get(id) ?? 0),
    state.options.repel,
  );
  if (count === 1) return [ids[drawIndex(random, weights)] as string];
  // a merge: two winners whose winning instances differ
  const first = ids[drawIndex(random, weights)] as string;
  const mine = new Set(state.front.instancesOf(first));
  const others = ids.filter((id) => id !== first && state.front.instancesOf(id).some((i) => !mine.has(i)));
  if (others.length === 0) return [first];
  const second = drawDistinct(
    random,
    others.map((id) => state.front.wins.get(id) ?? 0),
    1,
  )[0] as number;
  return [first, others[second] as string];
}

/**
 * `pareto`: GEPA-style search. Parents are drawn from the per-instance Pareto front weighted by how many
 * instances they win; a child joins the front only if it beats its parent on a minibatch of instances
 * drawn for its proposal (recorded in the proposal's tags). Optional merges (crossover of two winners of
 * different instances). Without per-instance metrics it falls back to the single score.
 */
export const paretoStrategy: StrategyDefinition<ParetoState, ParetoOptions> = {
  name: 'pareto',
  summary: 'GEPA: per-instance Pareto front, minibatch acceptance, optional merges',
  parseOptions: (raw) => parseWith(optionsSchema, raw),
  init: (options, problem) => ({
    options,
    front: new InstanceFront(options.tiesPerInstance),
    ledger: new ProposalLedger(),
    friction: new FeedbackFriction(options.friction, problem),
    visits: new Map(),
    accepted: 0,
    rejected: 0,
  }),
  apply(state, event, view) {
    if (event.type === 'proposal-start') {
      for (const id of event.data.request.parentIds) state.visits.set(id, (state.visits.get(id) ?? 0) + 1);
    }
    if (
      event.type === 'evaluation-end' &&
      event.data.candidateId === view.seedId &&
      state.front.wins.size === 0
    ) {
      if (view.candidates.get(view.seedId)?.evaluation === event.data.result)
        state.front.add(view.seedId, fitnessFor(view, view.seedId));
    }
    const resolution = state.ledger.apply(event, view);
    if (resolution !== null) {
      acceptChild(state, resolution, view);
      const parentId = resolution.request.parentIds[0];
      if (parentId !== undefined) state.friction.record(parentId, resolution, view);
    }
    return state;
  },
  next(state, view, { random }) {
    const early = beforeFirstScore(view);
    if (early !== null) return early;
    if (state.front.wins.size === 0) return { kind: 'wait' };
    const merge = state.front.wins.size >= 2 && random.next() < state.options.mergeRate;
    const parents = chooseParents(state, random, merge ? 2 : 1);
    const parentId = parents[0] as string;
    const instances = [...fitnessFor(view, parentId).keys()];
    const batch = drawDistinct(
      random,
      instances.map(() => 1),
      state.options.minibatch,
    ).map((index) => instances[index] as string);
    const winners = [...state.front.wins.keys()].filter((id) => !parents.includes(id));
    const inspirations = drawDistinct(
      random,
      winners.map((id) => state.front.wins.get(id) ?? 0),
      state.options.inspirations,
    ).map((index) => winners[index] as string);
    const friction = state.friction.adjust(parentId);
    const request = withNotes(
      {
        mode: parents.length === 2 ? 'crossover' : 'improve',
        parentIds: parents,
        inspirationIds: inspirations,
        tags: { minibatch: JSON.stringify(batch), wins: state.front.wins.get(parentId) ?? 0 },
      },
      friction.notes ?? [],
      friction.temperature,
    );
    return { kind: 'propose', request };
  },
  describe(state) {
    return [
      {
        title: `Pareto front (${state.accepted} accepted, ${state.rejected} rejected on the minibatch)`,
        kind: 'table',
        data: [...state.front.wins.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([id, wins]) => ({ id, wins, instances: state.front.instancesOf(id) })),
      },
    ];
  },
};
