/**
 * What a `ratchet.config.ts` imports from 'ratchet'. The config loader maps 'ratchet' to this small
 * module, so loading a config does not load the engine.
 */
import type { ProblemConfig } from './spec/problem-config.ts';

export type * from './spec/index.ts';

/** Typed identity for `ratchet.config.ts` files (like vite's `defineConfig`). */
export function defineProblem<const T extends ProblemConfig>(config: T): T {
  return config;
}
