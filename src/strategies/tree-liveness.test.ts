import { describe, expect, it } from 'vitest';
import { findStrategy } from './index.ts';
import type { SearchTree } from './search-tree.ts';
import { StrategySimulator } from './strategy-simulator.ts';
import { toyWorld } from './toy-world.ts';
import { recomputeLiveness, type TreeRules } from './tree-liveness.ts';

const flags = (tree: SearchTree): string[] =>
  [...tree.nodes.values()].map((node) => `${node.id}:${node.reachable}:${node.reachableChildren}`);

describe('tree liveness', () => {
  const variants: [string, Record<string, unknown>, boolean][] = [
    ['defaults', {}, false],
    ['an invalid seed', {}, true],
    ['puct, mean backup, depth limit', { rule: 'puct', backup: 'mean', maxDepth: 3 }, false],
    ['short turns, more fixes', { turns: { limit: 2, extension: 1 }, fixAttempts: 3 }, true],
  ];
  for (const [label, options, invalidSeed] of variants) {
    it(`kept on fold equals a full recomputation after every step (${label})`, () => {
      const world = toyWorld({ strategy: 'tree', strategyOptions: options, invalidSeed });
      const simulator = new StrategySimulator(findStrategy('tree')!, world, {
        seed: 3,
        concurrency: 3,
        keepEvents: false,
      });
      const state = () => (simulator.state as { inner: TreeRules }).inner;
      for (let step = 0; step < 400 && simulator.step(); step++) {
        const kept = flags(state().tree);
        recomputeLiveness(state());
        expect(kept, `step ${step}`).toEqual(flags(state().tree));
      }
      expect(state().tree.nodes.size).toBeGreaterThan(50);
    });
  }
});
