import { z } from 'zod';
import type { RunView } from '../spec/run-view.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { defaultFriction, FeedbackFriction, frictionSchema, withNotes } from './feedback-friction.ts';
import { balanceHistory, RpucgGraph } from './history-selectors.ts';
import { parseWith } from './parse-options.ts';
import { fitnessOf, ProposalLedger, type Resolution, scoreOf } from './proposal-ledger.ts';
import { RankedSet } from './ranked-set.ts';
import { beforeFirstScore } from './seed-gate.ts';
import { plateauReached, TurnControl, turnsSchema } from './turn-control.ts';

const optionsSchema = z.strictObject({
  chains: z.number().int().min(1).max(256).default(4),
  children: z.number().int().min(1).max(64).default(4),
  selector: z.enum(['balance', 'rpucg']).default('balance'),
  history: z.number().int().min(0).max(10).default(3),
  gamma: z.number().min(0).max(1).default(0.8),
  exploration: z.number().min(0).max(100).default(1),
  rpucgPool: z.number().int().min(1).max(10_000).default(64),
  turns: turnsSchema.optional(),
  restart: z.enum(['none', 'seed', 'best']).default('none'),
  plateau: z.number().int().min(1).optional(),
  friction: frictionSchema.default(defaultFriction),
});
type SimpletesOptions = z.infer<typeof optionsSchema>;

interface Chain {
  /** Restarts of this chain slot (a restarted chain is a new branch). */
  generation: number;
  head: string;
  best: { id: string; fitness: number } | null;
  step: number;
  proposed: number;
  resolved: number;
  stepBest: { id: string; fitness: number } | null;
  done: boolean;
  readonly ranked: RankedSet;
}

interface SimpletesState {
  readonly options: SimpletesOptions;
  readonly chains: Chain[];
  readonly ledger: ProposalLedger;
  readonly friction: FeedbackFriction;
  readonly turns: TurnControl;
  /** The RPUCG graph; only the `rpucg` selector reads it, so `balance` does not keep one. */
  readonly graph: RpucgGraph | null;
  seedFitness: number | null;
  /** The first scored candidate, where every chain starts. */
  rootId: string | null;
}

const branchOf = (slot: number, chain: Chain): string => `chain ${slot}.${chain.generation}`;

function newChain(head: string, generation: number): Chain {
  return {
    generation,
    head,
    best: null,
    step: 0,
    proposed: 0,
    resolved: 0,
    stepBest: null,
    done: false,
    ranked: new RankedSet(),
  };
}

function commitStep(state: SimpletesState, slot: number, chain: Chain, view: RunView): void {
  if (chain.stepBest !== null) {
    chain.head = chain.stepBest.id;
    if (chain.best === null || chain.stepBest.fitness > chain.best.fitness) {
      chain.best = chain.stepBest;
      state.turns.improved(branchOf(slot, chain));
    }
  }
  chain.step += 1;
  chain.proposed = 0;
  chain.resolved = 0;
  chain.stepBest = null;
  if (!state.turns.exhausted(branchOf(slot, chain))) return;
  const { restart } = state.options;
  if (restart === 'none') {
    chain.done = true;
    return;
  }
  const head = restart === 'best' && view.best !== null ? view.best.id : (state.rootId ?? view.seedId);
  const fresh = newChain(head, chain.generation + 1);
  const score = scoreOf(view.candidates.get(head)?.evaluation);
  if (score !== null) {
    fresh.ranked.set(head, fitnessOf(view, score));
    fresh.best = { id: head, fitness: fitnessOf(view, score) };
  }
  state.chains[slot] = fresh;
}

function resolve(state: SimpletesState, resolution: Resolution, view: RunView): void {
  const slot = Number(resolution.request.tags?.['chain'] ?? -1);
  const chain = state.chains[slot];
  if (chain === undefined || resolution.request.tags?.['generation'] !== chain.generation) return;
  state.friction.record(branchOf(slot, chain), resolution, view);
  const score = scoreOf(resolution.result);
  if (score !== null && resolution.candidateId !== undefined) {
    const fitness = fitnessOf(view, score);
    chain.ranked.set(resolution.candidateId, fitness);
    if (chain.stepBest === null || fitness > chain.stepBest.fitness)
      chain.stepBest = { id: resolution.candidateId, fitness };
    const parent = resolution.request.parentIds[0] ?? null;
    state.graph?.add(resolution.candidateId, parent, fitness - (state.seedFitness ?? fitness));
  }
  chain.resolved += 1;
  if (chain.resolved >= state.options.children) commitStep(state, slot, chain, view);
}

/**
 * `simpletes`: SimpleTES evaluation-driven scaling. C chains; at each step a chain asks for K children of
 * its head, and once all K are back commits the best scored one as the new head. The prompt's history
 * comes from the `balance` or RPUCG selector. Optional turn control per chain and a plateau stop.
 */
export const simpletesStrategy: StrategyDefinition<SimpletesState, SimpletesOptions> = {
  name: 'simpletes',
  summary: 'SimpleTES: C chains × K children per step, commit the best; balance or RPUCG history',
  parseOptions: (raw) => parseWith(optionsSchema, raw),
  init: (options, problem) => ({
    options,
    chains: [],
    ledger: new ProposalLedger(),
    friction: new FeedbackFriction(options.friction, problem),
    turns: new TurnControl(options.turns),
    graph:
      options.selector === 'rpucg'
        ? new RpucgGraph(options.gamma, options.exploration, options.rpucgPool)
        : null,
    seedFitness: null,
    rootId: null,
  }),
  apply(state, event, view) {
    if (event.type === 'evaluation-end' && state.chains.length === 0 && view.best !== null) {
      // the chains start from the first scored candidate: the seed, or a repaired one in fix mode
      const root = view.best;
      const fitness = fitnessOf(view, scoreOf(root.evaluation) as number);
      state.seedFitness = fitness;
      state.rootId = root.id;
      state.graph?.add(root.id, null, 0);
      for (let slot = 0; slot < state.options.chains; slot++) {
        const chain = newChain(root.id, 0);
        chain.ranked.set(root.id, fitness);
        chain.best = { id: root.id, fitness };
        state.chains.push(chain);
      }
    }
    if (event.type === 'proposal-start') {
      const { tags, inspirationIds } = event.data.request;
      const chain = state.chains[Number(tags?.['chain'] ?? -1)];
      if (chain !== undefined && tags?.['generation'] === chain.generation) {
        if (chain.proposed === 0) state.turns.spend(branchOf(Number(tags?.['chain']), chain));
        chain.proposed += 1;
      }
      for (const id of inspirationIds) state.graph?.visit(id);
    }
    const resolution = state.ledger.apply(event, view);
    if (resolution !== null) resolve(state, resolution, view);
    return state;
  },
  next(state, view, { random }) {
    const early = beforeFirstScore(view);
    if (early !== null) return early;
    if (state.chains.length === 0) return { kind: 'wait' };
    if (plateauReached(view, state.options.plateau))
      return { kind: 'stop', reason: `plateau: no improvement in ${state.options.plateau} evaluations` };
    let slot = -1;
    for (let index = 0; index < state.chains.length; index++) {
      const chain = state.chains[index] as Chain;
      if (chain.done || chain.proposed >= state.options.children) continue;
      if (slot < 0 || chain.proposed < (state.chains[slot] as Chain).proposed) slot = index;
    }
    if (slot < 0) {
      return state.chains.every((chain) => chain.done)
        ? { kind: 'stop', reason: 'every chain has spent its turns' }
        : { kind: 'wait' };
    }
    const chain = state.chains[slot] as Chain;
    const exclude = new Set([chain.head]);
    const history: string[] = [];
    if (chain.best !== null && chain.best.id !== chain.head && state.options.history > 0) {
      history.push(chain.best.id);
      exclude.add(chain.best.id);
    }
    const wanted = state.options.history - history.length;
    history.push(
      ...(state.graph === null
        ? balanceHistory(chain.ranked, wanted, exclude, random)
        : state.graph.select(wanted, exclude)),
    );
    const friction = state.friction.adjust(branchOf(slot, chain));
    const request = withNotes(
      {
        mode: 'improve',
        parentIds: [chain.head],
        inspirationIds: history,
        tags: { chain: slot, generation: chain.generation, step: chain.step },
      },
      friction.notes ?? [],
      friction.temperature,
    );
    return { kind: 'propose', request };
  },
  describe(state) {
    return [
      {
        title: 'Chains',
        kind: 'table',
        data: state.chains.map((chain, slot) => ({
          chain: slot,
          generation: chain.generation,
          step: chain.step,
          head: chain.head,
          best: chain.best?.id ?? null,
          bestFitness: chain.best?.fitness ?? null,
          nodes: chain.ranked.size,
          done: chain.done,
        })),
      },
    ];
  },
};
