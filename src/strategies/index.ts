/**
 * The strategy library. Shared code looks strategies up here by name and never branches on a name.
 */
import type { StrategyDefinition } from '../spec/strategy.ts';
import { refineStrategy } from './refine.ts';
import { sampleStrategy } from './sample.ts';

// biome-ignore lint/suspicious/noExplicitAny: a registry of strategies with different state and option types
type AnyStrategy = StrategyDefinition<any, any>;

const registry = new Map<string, AnyStrategy>();

/** Adds a strategy to the library (built-ins register below; users may add their own). */
export function registerStrategy(strategy: AnyStrategy): void {
  registry.set(strategy.name, strategy);
}

export function findStrategy(name: string): AnyStrategy | undefined {
  return registry.get(name);
}

export function strategyNames(): string[] {
  return [...registry.keys()];
}

registerStrategy(sampleStrategy);
registerStrategy(refineStrategy);
