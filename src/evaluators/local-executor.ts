/**
 * The local executor: evaluations run on this machine, in the sandbox, at most `capacity` at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { EvaluationJob, Executor } from '../spec/executor.ts';
import type { Sandbox } from '../spec/sandbox.ts';
import { evaluateJob } from './evaluate-job.ts';

export interface LocalExecutorOptions {
  readonly sandbox: Sandbox;
  /** Evaluations in flight at once. */
  readonly capacity: number;
  /** The bundle directory of a bundle hash (see `createBundle`). */
  readonly bundleDir: (hash: string) => string;
  /** Where working directories are made (default: a private temp folder, removed by `close`). */
  readonly workRoot?: string;
  /** The engine's environment, read only for the names a problem passes through (default `process.env`). */
  readonly hostEnv?: Readonly<Record<string, string | undefined>>;
}

/** Creates the executor. `close()` stops running evaluations (their promises reject) and cleans up. */
export function createLocalExecutor(options: LocalExecutorOptions): Executor {
  const capacity = Math.max(1, Math.floor(options.capacity));
  const limit = pLimit(capacity);
  const ownWorkRoot = options.workRoot === undefined;
  const workRoot = options.workRoot ?? mkdtempSync(path.join(os.tmpdir(), 'ratchet-work-'));
  const closing = new AbortController();

  return {
    kind: 'local',
    capacity,
    evaluate(
      job: EvaluationJob,
      evaluateOptions: { readonly signal?: AbortSignal },
    ): Promise<EvaluationResult> {
      return limit(() => {
        const signals = [
          closing.signal,
          ...(evaluateOptions.signal === undefined ? [] : [evaluateOptions.signal]),
        ];
        const signal = AbortSignal.any(signals);
        if (signal.aborted) return Promise.reject(signal.reason);
        return evaluateJob(job, {
          sandbox: options.sandbox,
          bundleDir: options.bundleDir(job.bundleHash),
          workRoot,
          signal,
          ...(options.hostEnv === undefined ? {} : { hostEnv: options.hostEnv }),
        });
      });
    },
    async close() {
      closing.abort(new Error('executor closed'));
      // queued jobs still start, see the aborted signal and reject at once
      while (limit.activeCount + limit.pendingCount > 0)
        await new Promise((resolve) => setTimeout(resolve, 20));
      if (ownWorkRoot) rmSync(workRoot, { recursive: true, force: true });
    },
  };
}
