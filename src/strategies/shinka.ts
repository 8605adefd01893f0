import { z } from 'zod';
import type { ProposalRequest } from '../spec/proposal.ts';
import type { Random } from '../spec/random.ts';
import type { RunView } from '../spec/run-view.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { defaultFriction, FeedbackFriction, frictionSchema, withNotes } from './feedback-friction.ts';
import { drawDistinct, powerLawWeights, repelWeights, sigmoidWeights } from './parent-weights.ts';
import { parseWith } from './parse-options.ts';
import { fitnessOf, ProposalLedger, scoreOf } from './proposal-ledger.ts';
import { RankedSet } from './ranked-set.ts';

const optionsSchema = z.strictObject({
  selection: z.enum(['weighted', 'power-law', 'beam']).default('weighted'),
  lambda: z.number().min(0).max(1000).default(10),
  alpha: z.number().min(-10).max(10).default(1),
  beams: z.number().int().min(1).max(1000).default(5),
  archiveSize: z.number().int().min(1).max(10_000).default(40),
  topInspirations: z.number().int().min(0).max(10).default(1),
  archiveInspirations: z.number().int().min(0).max(10).default(1),
  crossoverRate: z.number().min(0).max(1).default(0.1),
  repel: z.number().min(0).max(10).default(0),
  friction: frictionSchema.default(defaultFriction),
});
type ShinkaOptions = z.infer<typeof optionsSchema>;

const fixPoolLimit = 1000;

interface ShinkaState {
  readonly options: ShinkaOptions;
  readonly archive: RankedSet;
  readonly ledger: ProposalLedger;
  readonly friction: FeedbackFriction;
  readonly visits: Map<string, number>;
  /** Evaluated candidates that did not score (fix-mode pool; only used before anything scores). */
  readonly unscored: string[];
  beamParent: string | null;
  beamProposals: number;
}

/** Parent weights over the archive (best first), per the selection rule, then self-repellent. */
function archiveWeights(state: ShinkaState, ids: readonly string[], view: RunView): number[] {
  const { options } = state;
  const base =
    options.selection === 'power-law'
      ? powerLawWeights(ids.length, options.alpha)
      : sigmoidWeights(
          ids.map((id) => state.archive.keyOf(id) ?? 0),
          ids.map((id) => view.candidates.get(id)?.childCount ?? 0),
          options.lambda,
        );
  return repelWeights(
    base,
    ids.map((id) => state.visits.get(id) ?? 0),
    options.repel,
  );
}

function fixRequest(state: ShinkaState, view: RunView, random: Random): ProposalRequest | null {
  const seed = view.candidates.get(view.seedId);
  if (seed?.evaluation === undefined) return null;
  const pool = state.unscored.length > 0 ? state.unscored : [view.seedId];
  return { mode: 'fix', parentIds: [random.pick(pool)], inspirationIds: [], tags: { fix: true } };
}

/**
 * `shinka`: ShinkaEvolve's parent selection over an elite archive — sigmoid-weighted with child-count
 * damping (λ = 10), power-law rank, or a hill-climbing beam — with top-k and archive inspirations,
 * occasional crossover, and fix mode (repair a random invalid candidate) while nothing is valid.
 */
export const shinkaStrategy: StrategyDefinition<ShinkaState, ShinkaOptions> = {
  name: 'shinka',
  summary: 'ShinkaEvolve parent selection: sigmoid-weighted, power-law or beam over an archive; fix mode',
  parseOptions: (raw) => parseWith(optionsSchema, raw),
  init: (options, problem) => ({
    options,
    archive: new RankedSet(),
    ledger: new ProposalLedger(),
    friction: new FeedbackFriction(options.friction, problem),
    visits: new Map(),
    unscored: [],
    beamParent: null,
    beamProposals: 0,
  }),
  apply(state, event, view) {
    if (event.type === 'proposal-start') {
      const { request } = event.data;
      for (const id of request.parentIds) state.visits.set(id, (state.visits.get(id) ?? 0) + 1);
      const beam = request.tags?.['beam'];
      if (typeof beam === 'string') {
        if (beam !== state.beamParent) state.beamProposals = 0;
        state.beamParent = beam;
        state.beamProposals += 1;
      }
    }
    if (
      event.type === 'evaluation-end' &&
      view.candidates.get(event.data.candidateId)?.evaluation === event.data.result
    ) {
      const score = scoreOf(event.data.result);
      if (score !== null) {
        state.archive.set(event.data.candidateId, fitnessOf(view, score));
        if (state.archive.size > state.options.archiveSize)
          state.archive.delete(state.archive.at(state.archive.size - 1) as string);
      } else if (view.best === null && state.unscored.length < fixPoolLimit) {
        state.unscored.push(event.data.candidateId);
      }
    }
    const resolution = state.ledger.apply(event, view);
    const parentId = resolution?.request.parentIds[0];
    if (resolution !== null && parentId !== undefined) state.friction.record(parentId, resolution, view);
    return state;
  },
  next(state, view, { random }) {
    if (view.best === null) {
      const fix = fixRequest(state, view, random);
      return fix === null ? { kind: 'wait' } : { kind: 'propose', request: fix };
    }
    const { options } = state;
    const ids = state.archive.top(state.archive.size);
    let parents: string[];
    let tags: Record<string, string | number | boolean> = { selection: options.selection };
    if (options.selection === 'beam') {
      const keep = state.beamParent !== null && state.beamProposals < options.beams;
      const parent = keep ? (state.beamParent as string) : view.best.id;
      parents = [parent];
      tags = { ...tags, beam: parent };
    } else {
      const crossover = ids.length >= 2 && random.next() < options.crossoverRate;
      parents = drawDistinct(random, archiveWeights(state, ids, view), crossover ? 2 : 1).map(
        (index) => ids[index] as string,
      );
    }
    const parentId = parents[0] as string;
    const others = ids.filter((id) => !parents.includes(id));
    const inspirations = others.slice(0, options.topInspirations);
    const rest = others.slice(options.topInspirations);
    for (let count = 0; count < options.archiveInspirations && rest.length > 0; count++) {
      inspirations.push(rest.splice(random.int(rest.length), 1)[0] as string);
    }
    const friction = state.friction.adjust(parentId);
    const request = withNotes(
      {
        mode: parents.length === 2 ? 'crossover' : 'improve',
        parentIds: parents,
        inspirationIds: inspirations,
        tags,
      },
      friction.notes ?? [],
      friction.temperature,
    );
    return { kind: 'propose', request };
  },
  describe(state) {
    const ids = state.archive.top(state.archive.size);
    return [
      {
        title: `Archive (${state.options.selection})`,
        kind: 'table',
        data: ids.map((id) => ({
          id,
          fitness: state.archive.keyOf(id),
          visits: state.visits.get(id) ?? 0,
        })),
      },
    ];
  },
};
