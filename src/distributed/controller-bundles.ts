/**
 * The controller's side of the bundle store: snapshots the problem folder once per bundle hash, checks
 * that it is the bundle the run's jobs carry, and keeps it stored in Redis.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { RatchetError } from '../core/errors.ts';
import { createBundle, removeBundle } from '../evaluators/bundle.ts';
import type { EvaluationJob } from '../spec/executor.ts';
import { storeBundle } from './bundle-store.ts';

interface Bundle {
  readonly hash: string;
  readonly dir: string;
}

export class ControllerBundles {
  private readonly bundles = new Map<string, Promise<Bundle>>();
  private cacheDir: Promise<string> | null = null;

  constructor(
    private readonly redis: () => Redis,
    private readonly keepSeconds: number,
  ) {}

  /** Makes sure the bundle of `job` is in Redis (snapshotting and storing it on first use). */
  ensure(job: EvaluationJob): Promise<Bundle> {
    let bundle = this.bundles.get(job.bundleHash);
    if (bundle === undefined) {
      bundle = this.make(job);
      this.bundles.set(job.bundleHash, bundle);
      bundle.catch(() => this.bundles.delete(job.bundleHash));
    }
    return bundle;
  }

  /** Stores again the bundles that Redis lost (a restart without persistence); returns their hashes. */
  async restoreLost(): Promise<string[]> {
    const restored: string[] = [];
    for (const bundle of await Promise.allSettled([...this.bundles.values()])) {
      if (bundle.status !== 'fulfilled') continue;
      if ((await storeBundle(this.redis(), bundle.value, this.keepSeconds)) === 'stored')
        restored.push(bundle.value.hash);
    }
    return restored;
  }

  /** Deletes the local snapshots. */
  async close(): Promise<void> {
    if (this.cacheDir === null) return;
    const cacheDir = await this.cacheDir;
    for (const bundle of await Promise.allSettled([...this.bundles.values()]))
      if (bundle.status === 'fulfilled') await removeBundle(bundle.value.dir);
    await rm(cacheDir, { recursive: true, force: true });
  }

  private async make(job: EvaluationJob): Promise<Bundle> {
    this.cacheDir ??= mkdtemp(path.join(os.tmpdir(), 'ratchet-queue-bundles-'));
    const made = await createBundle(job.problem, await this.cacheDir);
    if (made.hash !== job.bundleHash) {
      await removeBundle(made.dir);
      throw new RatchetError(
        'bad-input',
        `the problem folder now hashes to bundle ${made.hash.slice(0, 12)}, but this run's jobs carry ${job.bundleHash.slice(0, 12)}`,
        {
          file: job.problem.dir,
          hint: 'do not change the problem folder during a run, and keep --store outside it (or use the default .ratchet/)',
        },
      );
    }
    await storeBundle(this.redis(), made, this.keepSeconds);
    return made;
  }
}
