/**
 * Runs this task's hidden tests (tests.json) with the shared code-repair checker. Ratchet compiles this
 * module with the checker into one file; the checker's runners are mounted read-only by the task's
 * ratchet.config.ts (see ../README.md).
 */
import type { EvaluatorContext, EvaluatorOutput } from 'ratchet';
import { checkTask } from '../checker/check-task.ts';

export function evaluate(context: EvaluatorContext): Promise<EvaluatorOutput> {
  return checkTask(context);
}
