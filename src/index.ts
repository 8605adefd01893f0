/**
 * Ratchet's library API. Everything the CLI does is available from here.
 */
import type { ProblemConfig } from './spec/problem-config.ts';

export type * from './spec/index.ts';
export { RatchetError } from './core/errors.ts';

/** Typed identity for `ratchet.config.ts` files (like vite's `defineConfig`). */
export function defineProblem<const T extends ProblemConfig>(config: T): T {
  return config;
}
