/**
 * Where a worker finds a job's evaluator bundle: a problem folder it was started with (`--problems`),
 * its own cache, or Redis (fetched once per hash and verified before use).
 */
import path from 'node:path';
import type { Redis } from 'ioredis';
import { loadProblem } from '../config/load-problem.ts';
import { createBundle } from '../evaluators/bundle.ts';
import type { EvaluationJob } from '../spec/executor.ts';
import { fetchBundle } from './bundle-store.ts';

export interface WorkerBundles {
  /** The verified bundle directory of `job.bundleHash`. */
  dirFor(job: EvaluationJob): Promise<string>;
  /** The bundles made from `--problems` folders: hash → problem name. */
  readonly local: ReadonlyMap<string, string>;
}

/**
 * Bundles the `--problems` folders into `root/bundles` and returns the lookup. Fetched bundles go to the
 * same cache, through `root/incoming`.
 */
export async function prepareWorkerBundles(
  redis: Redis,
  root: string,
  problemDirs: readonly string[],
): Promise<WorkerBundles> {
  const cacheDir = path.join(root, 'bundles');
  const stagingRoot = path.join(root, 'incoming');
  const known = new Map<string, Promise<string>>();
  const local = new Map<string, string>();
  for (const dir of problemDirs) {
    const { problem } = await loadProblem(dir);
    const made = await createBundle(problem, cacheDir);
    known.set(made.hash, Promise.resolve(made.dir));
    local.set(made.hash, problem.name);
  }
  return {
    local,
    dirFor(job) {
      let dir = known.get(job.bundleHash);
      if (dir === undefined) {
        dir = fetchBundle(redis, job.bundleHash, job.problem, { cacheDir, stagingRoot });
        known.set(job.bundleHash, dir);
        // a failed fetch is tried again by the next job that needs it
        dir.catch(() => known.delete(job.bundleHash));
      }
      return dir;
    },
  };
}
