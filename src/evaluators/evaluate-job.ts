/**
 * One evaluation job, start to end: a fresh working directory with the candidate's files, the evaluator
 * run in the sandbox against the bundle (k times for `repeats: k`), the result interpreted, the directory
 * removed. Used by the local executor and, later, by remote workers.
 */
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { EvaluationJob } from '../spec/executor.ts';
import type { Sandbox } from '../spec/sandbox.ts';
import { combineRepeats } from './combine-repeats.ts';
import { moduleHarnessScript } from './compile-module.ts';
import { planEvaluatorRun } from './evaluator-run.ts';
import { interpretOutcome } from './interpret-outcome.ts';
import { moduleHarnessFile } from './runtime-files.ts';

export interface EvaluateJobDependencies {
  readonly sandbox: Sandbox;
  /** The bundle directory of `job.bundleHash`. */
  readonly bundleDir: string;
  /** Where the fresh working directories are made (one per run, removed afterwards). */
  readonly workRoot: string;
  /** The engine's environment, read only for the names the problem passes through (default `process.env`). */
  readonly hostEnv?: Readonly<Record<string, string | undefined>>;
  /** Aborting kills the running evaluation; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Why a candidate file path is refused, or null when it is a plain relative path. */
export function unsafePathReason(file: string): string | null {
  if (file === '' || file.includes('\0')) return 'is empty or contains NUL';
  if (file.startsWith('/') || file.includes('\\')) return 'is absolute or uses backslashes';
  if (file.split('/').some((part) => part === '..' || part === '.' || part === ''))
    return 'has "..", "." or empty segments';
  return null;
}

async function removeTree(dir: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true });
  } catch {
    // a candidate (sandbox "none") may have left directories without write permission
    const open = async (current: string): Promise<void> => {
      await chmod(current, 0o700).catch(() => {});
      for (const entry of await readdir(current, { withFileTypes: true }).catch(() => [])) {
        if (entry.isDirectory()) await open(path.join(current, entry.name));
      }
    };
    await open(dir);
    await rm(dir, { recursive: true, force: true });
  }
}

function failedResult(feedback: string): EvaluationResult {
  return { status: 'failed', metrics: {}, score: null, feedback, artifacts: {}, usage: { durationMs: 0 } };
}

/** Evaluates one job; returns its result (bad candidates are results, not errors). */
export async function evaluateJob(
  job: EvaluationJob,
  deps: EvaluateJobDependencies,
): Promise<EvaluationResult> {
  const { problem, candidate } = job;
  for (const file of candidate.files) {
    const reason = unsafePathReason(file.path);
    if (reason !== null)
      return failedResult(`The candidate's file path "${file.path}" ${reason}; it was not evaluated.`);
  }
  if (!candidate.files.some((file) => file.path === problem.mainFile)) {
    return failedResult(
      `The candidate has no file ${problem.mainFile} (the main file); it was not evaluated.`,
    );
  }

  const repeats = Math.max(1, Math.floor(problem.repeats ?? 1));
  const results: EvaluationResult[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const result = await evaluateOnce(job, deps);
    if (result.status !== 'scored') {
      if (repeats === 1) return result;
      return {
        ...result,
        feedback: `Repeat ${repeat + 1} of ${repeats}: ${result.feedback}`,
        usage: {
          durationMs: results.reduce((sum, done) => sum + done.usage.durationMs, result.usage.durationMs),
        },
      };
    }
    results.push(result);
  }
  return combineRepeats(results, {
    deterministic: problem.deterministic === true,
    selectOn: problem.selectOn ?? 'mean',
    direction: problem.objective.direction,
  });
}

async function evaluateOnce(job: EvaluationJob, deps: EvaluateJobDependencies): Promise<EvaluationResult> {
  await mkdir(deps.workRoot, { recursive: true });
  const workDir = await mkdtemp(
    path.join(deps.workRoot, `${job.evaluationId.replace(/[^\w-]/g, '').slice(0, 24)}-`),
  );
  try {
    for (const file of job.candidate.files) {
      const target = path.join(workDir, ...file.path.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.content, { mode: 0o644 });
    }
    await chmod(workDir, 0o755);
    const plan = planEvaluatorRun({
      problem: job.problem,
      bundleDir: deps.bundleDir,
      workDir,
      ...(job.problem.evaluator.kind === 'module'
        ? { moduleHarness: await moduleHarnessScript(moduleHarnessFile) }
        : {}),
      hostEnv: deps.hostEnv ?? process.env,
      ...(job.instances === undefined ? {} : { instances: job.instances }),
      ...(job.data === undefined ? {} : { data: job.data }),
    });
    const outcome = await deps.sandbox.run(
      plan.spec,
      deps.signal === undefined ? {} : { signal: deps.signal },
    );
    return interpretOutcome(outcome, {
      objective: job.problem.objective,
      timeoutSeconds: job.problem.timeoutSeconds,
      limits: job.problem.sandbox.limits,
      nonce: plan.nonce,
      stdoutFallback: plan.stdoutFallback,
    });
  } finally {
    await removeTree(workDir);
  }
}
