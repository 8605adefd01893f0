/**
 * Test helpers: small problems written to a temp folder, as `ResolvedProblem` objects built directly
 * (what `config/load-problem.ts` would resolve), so evaluator and sandbox tests need no config loading.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeCandidate } from '../core/candidate-id.ts';
import { createSandbox } from '../sandbox/create-sandbox.ts';
import type { Candidate } from '../spec/candidate.ts';
import type { EvaluationJob } from '../spec/executor.ts';
import type { ResolvedProblem, ResourceLimits } from '../spec/problem.ts';
import type { Sandbox } from '../spec/sandbox.ts';

export const testLimits: ResourceLimits = {
  cpuSeconds: 20,
  memoryMb: 4096,
  maxProcesses: 64,
  maxFileSizeMb: 16,
  maxOpenFiles: 256,
  maxOutputBytes: 64 * 1024,
  diskMb: 32,
};

/** The bwrap sandbox with no network, no extra paths or variables, and `testLimits`. */
export function testSandbox(): Sandbox {
  return createSandbox({
    kind: 'bwrap',
    network: false,
    readOnlyPaths: [],
    env: [],
    setEnv: {},
    limits: testLimits,
  });
}

/** A problem folder in a fresh temp dir with the given files; `cleanup` removes it. */
export async function writeProblemFolder(
  files: Readonly<Record<string, string>>,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ratchet-problem-'));
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(dir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A resolved problem with test defaults; `overrides` win. */
export function makeProblem(
  dir: string,
  overrides: Partial<ResolvedProblem> & Pick<ResolvedProblem, 'evaluator'>,
): ResolvedProblem {
  const mainFile = overrides.mainFile ?? 'program.py';
  return {
    name: 'fixture',
    dir,
    configFile: null,
    description: 'a test problem',
    seed: [{ path: mainFile, content: '' }],
    mainFile,
    language: 'python',
    objective: { metric: 'score', direction: 'maximize' },
    timeoutSeconds: 20,
    sandbox: { kind: 'bwrap', network: false, readOnlyPaths: [], env: [], setEnv: {}, limits: testLimits },
    strategy: { name: 'sample', options: {} },
    models: [{ model: 'mutate', weight: 1 }],
    prices: {},
    budget: { evaluations: 10 },
    concurrency: { llm: 1, evaluations: 1 },
    prompt: { inspirations: 2, recentAttempts: 4, maxFeedbackChars: 4000 },
    edits: 'diff',
    warnings: [],
    ...overrides,
  };
}

let counter = 0;

/** An evaluation job for a candidate whose main file holds `content`. */
export function makeJob(
  problem: ResolvedProblem,
  content: string,
  bundleHash = 'test',
  extraFiles: Readonly<Record<string, string>> = {},
): EvaluationJob {
  const candidate: Candidate = makeCandidate([
    { path: problem.mainFile, content },
    ...Object.entries(extraFiles).map(([file, text]) => ({ path: file, content: text })),
  ]);
  counter += 1;
  return { evaluationId: `evaluation-${counter}`, candidate, problem, bundleHash };
}
