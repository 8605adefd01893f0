import { z } from 'zod';
import type { Random } from '../spec/random.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { defaultFriction, FeedbackFriction, frictionSchema, withNotes } from './feedback-friction.ts';
import { type Island, IslandPopulation } from './island-population.ts';
import { drawIndex, repelWeights } from './parent-weights.ts';
import { parseWith } from './parse-options.ts';
import { ProposalLedger } from './proposal-ledger.ts';
import { beforeFirstScore } from './seed-gate.ts';

const optionsSchema = z
  .strictObject({
    islands: z.number().int().min(1).max(30).default(5),
    migrationInterval: z.number().int().min(1).default(50),
    migrationRate: z.number().min(0).max(1).default(0.1),
    exploration: z.number().min(0).max(1).default(0.2),
    exploitation: z.number().min(0).max(1).default(0.7),
    remainder: z.enum(['random', 'weighted']).default('random'),
    archiveSize: z.number().int().min(1).max(10_000).default(100),
    featureDimensions: z.array(z.string().min(1)).min(1).max(3).default(['codeLength', 'diversity']),
    bins: z.number().int().min(1).max(100).default(10),
    ranges: z.record(z.string(), z.tuple([z.number(), z.number()])).default({}),
    diversityReference: z.number().int().min(1).max(1000).default(20),
    topInspirations: z.number().int().min(0).max(10).default(3),
    diverseInspirations: z.number().int().min(0).max(10).default(2),
    repel: z.number().min(0).max(10).default(0),
    friction: frictionSchema.default(defaultFriction),
  })
  .refine((options) => options.exploration + options.exploitation <= 1, {
    message: 'exploration + exploitation must be at most 1 (the rest is the remainder)',
  });
type IslandsOptions = z.infer<typeof optionsSchema>;

interface IslandsState {
  readonly options: IslandsOptions;
  readonly population: IslandPopulation;
  readonly ledger: ProposalLedger;
  readonly friction: FeedbackFriction;
}

/** Uniform choice, or with `repel` > 0 the repelled-weight choice among 8 uniform draws (bounded cost). */
function pickMember(ids: readonly string[], state: IslandsState, random: Random): string {
  if (state.options.repel === 0 || ids.length === 1) return random.pick(ids);
  const sample = ids.length <= 8 ? [...ids] : Array.from({ length: 8 }, () => random.pick(ids));
  const visits = sample.map((id) => state.population.visits.get(id) ?? 0);
  const weights = repelWeights(
    sample.map(() => 1),
    visits,
    state.options.repel,
  );
  return sample[drawIndex(random, weights)] as string;
}

function chooseParent(
  state: IslandsState,
  island: number,
  random: Random,
): { id: string; selection: string } {
  const { population, options } = state;
  const home = population.islands[island] as Island;
  const draw = random.next();
  if (draw < options.exploration && home.members.length > 0) {
    return { id: pickMember(home.members, state, random), selection: 'exploration' };
  }
  if (draw < options.exploration + options.exploitation || options.remainder === 'weighted') {
    const archive = population.archived.ids;
    if (draw < options.exploration + options.exploitation && archive.length > 0) {
      const { masks } = population.archived;
      const local = archive.filter((_, index) => ((masks[index] as number) & (1 << island)) !== 0);
      return { id: pickMember(local.length > 0 ? local : archive, state, random), selection: 'exploitation' };
    }
    const elites = home.grid.ranked();
    if (elites.length > 0) {
      const floor = elites.at(-1)?.fitness ?? 0;
      const spread = Math.max((elites[0]?.fitness ?? 0) - floor, 1e-12);
      const weights = repelWeights(
        elites.map((cell) => 0.05 + (cell.fitness - floor) / spread),
        elites.map((cell) => population.visits.get(cell.id) ?? 0),
        options.repel,
      );
      return { id: (elites[drawIndex(random, weights)] as { id: string }).id, selection: 'weighted' };
    }
  }
  return { id: pickMember(population.all, state, random), selection: 'random' };
}

function inspirationsFor(state: IslandsState, island: number, parentId: string, random: Random): string[] {
  const { population, options } = state;
  const home = population.islands[island] as Island;
  const chosen: string[] = [];
  const add = (id: string | undefined): void => {
    if (id !== undefined && id !== parentId && !chosen.includes(id)) chosen.push(id);
  };
  const elites = home.grid.ranked();
  if (options.topInspirations > 0) add(home.best?.id);
  for (const cell of elites) {
    if (chosen.length >= options.topInspirations) break;
    add(cell.id);
  }
  const wanted = chosen.length + options.diverseInspirations;
  const center = population.coordinates.get(parentId);
  const near = elites.filter(
    (cell) =>
      center !== undefined &&
      cell.coordinates.every((value, index) => Math.abs(value - (center[index] ?? 0)) <= 2),
  );
  for (const pool of [near, elites]) {
    const remaining = pool.filter((cell) => cell.id !== parentId && !chosen.includes(cell.id));
    while (chosen.length < wanted && remaining.length > 0) {
      add(remaining.splice(random.int(remaining.length), 1)[0]?.id);
    }
  }
  return chosen;
}

/**
 * `islands`: OpenEvolve-style evolution. Islands of MAP-Elites grids with bin edges fixed for the run, ring
 * migration of each island's top elites, an elite archive, exploration / exploitation / remainder parent
 * choice, and the island's best, top and nearby elites as inspirations.
 */
export const islandsStrategy: StrategyDefinition<IslandsState, IslandsOptions> = {
  name: 'islands',
  summary: 'OpenEvolve-style islands of MAP-Elites grids with migration and an elite archive',
  parseOptions: (raw) => parseWith(optionsSchema, raw),
  init: (options, problem) => ({
    options,
    population: new IslandPopulation(options),
    ledger: new ProposalLedger(),
    friction: new FeedbackFriction(options.friction, problem),
  }),
  apply(state, event, view) {
    state.population.observe(event, view);
    const resolution = state.ledger.apply(event, view);
    if (resolution !== null) {
      state.population.resolve(resolution, view);
      const parentId = resolution.request.parentIds[0];
      if (parentId !== undefined) state.friction.record(parentId, resolution, view);
    }
    return state;
  },
  next(state, view, { random, proposalIndex }) {
    const early = beforeFirstScore(view);
    if (early !== null) return early;
    if (state.population.all.length === 0) return { kind: 'wait' };
    const island = proposalIndex % state.options.islands;
    const parent = chooseParent(state, island, random);
    const friction = state.friction.adjust(parent.id);
    const request = withNotes(
      {
        mode: 'improve',
        parentIds: [parent.id],
        inspirationIds: inspirationsFor(state, island, parent.id, random),
        tags: { island, selection: parent.selection },
      },
      friction.notes ?? [],
      friction.temperature,
    );
    return { kind: 'propose', request };
  },
  describe(state) {
    const { population, options } = state;
    return [
      {
        title: 'Islands',
        kind: 'table',
        data: population.islands.map((island, index) => ({
          island: index,
          members: island.members.length,
          cells: island.grid.cells.size,
          bestId: island.best?.id ?? null,
          bestFitness: island.best?.fitness ?? null,
          generation: island.generation,
        })),
      },
      {
        title: 'MAP-Elites grids',
        kind: 'grid',
        data: {
          dimensions: options.featureDimensions,
          bins: options.bins,
          ranges: population.ranges,
          islands: population.islands.map((island) => island.grid.ranked()),
          migrations: population.migrations,
        },
      },
    ];
  },
};
