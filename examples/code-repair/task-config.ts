/**
 * What every code-repair task folder's `ratchet.config.ts` shares: the shared checker (../checker) mounted
 * read-only and named in CODE_REPAIR_CHECKER, the objective (`pass_rate`, the fraction of the hidden tests
 * passed), and a budget that stops as soon as every test passes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProblemConfig } from '../../src/spec/problem-config.ts';

/** The shared checker's folder (absolute). */
export const checkerDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'checker');

/** The problem config of one task: its buggy file and what the function must do. */
export function codeRepairTask(task: { readonly seed: string; readonly description: string }): ProblemConfig {
  return {
    description: [
      task.description,
      '',
      'The file has a bug. Hidden unit tests check the function; the feedback names every failed test with',
      'its assertion message (the call, what it returned, what was expected) or, when the call raised, the',
      'error and the stack frames in your file. Fix the bug without changing what the function is for: the',
      'score is the fraction of hidden tests passed.',
    ].join('\n'),
    seed: task.seed,
    evaluator: 'evaluator.ts',
    objective: { metric: 'pass_rate', direction: 'maximize' },
    timeoutSeconds: 60,
    sandbox: { readOnlyPaths: [checkerDir], setEnv: { CODE_REPAIR_CHECKER: checkerDir } },
    budget: { evaluations: 30, targetScore: 1 },
  };
}
