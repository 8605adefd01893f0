/**
 * What the example tests do to every problem folder: score a deliberately broken candidate, and run the
 * real loop (library `run()`, real sandbox, real store) offline with `mutate` and through `mock-llm` over
 * HTTP, each time in a fresh temporary store.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateCandidate } from '../src/api/evaluate.ts';
import { run } from '../src/api/run.ts';
import type { RunSummary } from '../src/core/run-summary.ts';
import type { EvaluationResult } from '../src/spec/evaluation.ts';

export const examplesDir = fileURLToPath(new URL('./', import.meta.url));

const temporary: string[] = [];

/** A fresh temporary folder, removed by `removeTemporaryFolders`. */
export function temporaryFolder(label: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), `ratchet-${label}-`));
  temporary.push(folder);
  return folder;
}

export function removeTemporaryFolders(): void {
  for (const folder of temporary.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** Evaluates `content` as the candidate's main file of the problem in `folder`. */
export async function evaluateProgram(
  folder: string,
  fileName: string,
  content: string,
): Promise<EvaluationResult> {
  const work = temporaryFolder('candidate');
  const file = path.join(work, fileName);
  writeFileSync(file, content);
  const outcome = await evaluateCandidate(path.join(examplesDir, folder), {
    candidateFile: file,
    store: temporaryFolder('store'),
    onWarning: () => {},
  });
  return outcome.result;
}

/** Runs the loop on a problem folder with one model, a small evaluation budget and a fixed seed. */
export function runLoop(folder: string, model: string, evaluations: number, seed = 1): Promise<RunSummary> {
  return run(path.join(examplesDir, folder), {
    store: temporaryFolder('run'),
    seed,
    overrides: { models: [model], budget: { evaluations }, concurrency: { llm: 1, evaluations: 1 } },
    onWarning: () => {},
  });
}

/** Whether the run's best beats its seed in the objective's direction. */
export function improved(summary: RunSummary): boolean {
  if (summary.best === null || summary.seedScore === null) return false;
  return summary.objective.direction === 'maximize'
    ? summary.best.score > summary.seedScore
    : summary.best.score < summary.seedScore;
}
