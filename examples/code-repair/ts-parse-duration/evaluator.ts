/**
 * Runs this task's hidden tests (tests.json) with the shared code-repair checker, which the task's
 * ratchet.config.ts mounts read-only and names in CODE_REPAIR_CHECKER (see ../README.md).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EvaluatorContext, EvaluatorOutput } from 'ratchet';
import type * as Checker from '../checker/check-task.ts';

export async function evaluate(context: EvaluatorContext): Promise<EvaluatorOutput> {
  const checkerDir = process.env['CODE_REPAIR_CHECKER'];
  if (checkerDir === undefined)
    throw new Error('CODE_REPAIR_CHECKER is not set: run this task through its ratchet.config.ts');
  const url = pathToFileURL(path.join(checkerDir, 'check-task.ts')).href;
  const checker = (await import(url)) as typeof Checker;
  return checker.checkTask(context, checkerDir);
}
