/**
 * The strategy library. Shared code looks strategies up here by name and never branches on a name.
 * Every built-in accepts the `modelBandit` option (see `with-model-bandit.ts`).
 */
import type { StrategyDefinition } from '../spec/strategy.ts';
import { iadStrategy } from './iad.ts';
import { islandsStrategy } from './islands.ts';
import { paretoStrategy } from './pareto.ts';
import { refineStrategy } from './refine.ts';
import { sampleStrategy } from './sample.ts';
import { shinkaStrategy } from './shinka.ts';
import { simpletesStrategy } from './simpletes.ts';
import { treeStrategy } from './tree.ts';
import { withModelBandit } from './with-model-bandit.ts';

// biome-ignore lint/suspicious/noExplicitAny: a registry of strategies with different state and option types
type AnyStrategy = StrategyDefinition<any, any>;

const registry = new Map<string, AnyStrategy>();

/** Adds a strategy to the library (built-ins register below; users may add their own). */
export function registerStrategy(strategy: AnyStrategy): void {
  registry.set(strategy.name, strategy);
}

/** The registered strategy called `name`, if any. */
export function findStrategy(name: string): AnyStrategy | undefined {
  return registry.get(name);
}

/** Names of every registered strategy, built-ins first. */
export function strategyNames(): string[] {
  return [...registry.keys()];
}

/** The baselines every comparison includes. */
export const baselineStrategies = ['sample', 'refine'] as const;

for (const strategy of [
  sampleStrategy,
  refineStrategy,
  islandsStrategy,
  shinkaStrategy,
  simpletesStrategy,
  iadStrategy,
  treeStrategy,
  paretoStrategy,
] as AnyStrategy[]) {
  registerStrategy(withModelBandit(strategy));
}
