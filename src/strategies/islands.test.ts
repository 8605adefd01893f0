import { describe, expect, it } from 'vitest';
import { findStrategy } from './index.ts';
import type { IslandPopulation } from './island-population.ts';
import { StrategySimulator } from './strategy-simulator.ts';
import { toyWorld } from './toy-world.ts';

function population(simulator: StrategySimulator): IslandPopulation {
  return (simulator.state as { inner: { population: IslandPopulation } }).inner.population;
}

describe('islands', () => {
  it('keeps bin edges fixed from the seed and never moves a placed candidate', () => {
    const world = toyWorld({
      strategy: 'islands',
      strategyOptions: { islands: 3, featureDimensions: ['codeLength', 'score'], bins: 4 },
    });
    const simulator = new StrategySimulator(findStrategy('islands')!, world, { seed: 2, concurrency: 2 });
    simulator.run(20);
    const early = population(simulator);
    const ranges = early.ranges;
    const placed = new Map(early.coordinates);
    // ranges fixed from the seed (x = 0 scores −29/3): code length [0, 2 × 6 chars], score [2 × seed, 0]
    expect(ranges![0]).toEqual([0, 12]);
    expect(ranges![1]![0]).toBeCloseTo(-58 / 3);
    expect(ranges![1]![1]).toBeCloseTo(0);
    simulator.run(200);
    const later = population(simulator);
    expect(later.ranges).toEqual(ranges);
    for (const [id, coordinates] of placed) expect(later.coordinates.get(id)).toEqual(coordinates);
  });

  it('migrates the top elites around the ring and tags each proposal with its island', () => {
    const world = toyWorld({ strategy: 'islands', strategyOptions: { islands: 4, migrationInterval: 5 } });
    const simulator = new StrategySimulator(findStrategy('islands')!, world, { seed: 3, concurrency: 1 }).run(
      80,
    );
    const state = population(simulator);
    expect(state.migrations).toBeGreaterThan(2);
    const islands = simulator.requests
      .map((request) => request.tags?.['island'])
      .filter((island) => island !== undefined);
    expect(new Set(islands)).toEqual(new Set([0, 1, 2, 3]));
    // a migrant lives on more than one island
    expect([...state.membership.values()].some((mask) => mask !== 15 && (mask & (mask - 1)) !== 0)).toBe(
      true,
    );
    const selections = new Set(simulator.requests.map((request) => request.tags?.['selection']));
    expect(selections).toEqual(new Set(['exploration', 'exploitation', 'random']));
  });
});
