import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedProblem } from '../spec/problem.ts';
import { createBundle, removeBundle } from './bundle.ts';
import { createLocalExecutor } from './local-executor.ts';
import { makeJob, makeProblem, testSandbox, writeProblemFolder } from './problem-fixture.ts';

// the evaluator sleeps as long as the candidate says
const evaluatorSource = `
import os, time
def evaluate(program_path):
    time.sleep(float(open(program_path).read()))
    return {"score": 1.0}
`;

let folder: { dir: string; cleanup: () => Promise<void> };
let problem: ResolvedProblem;
let bundle: { hash: string; dir: string };
let cacheDir: string;

beforeAll(async () => {
  folder = await writeProblemFolder({ 'evaluator.py': evaluatorSource });
  problem = makeProblem(folder.dir, { evaluator: { kind: 'openevolve', file: 'evaluator.py' } });
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ratchet-bundles-'));
  bundle = await createBundle(problem, cacheDir);
});
afterAll(async () => {
  await removeBundle(bundle.dir);
  await rm(cacheDir, { recursive: true, force: true });
  await folder.cleanup();
});

describe('createLocalExecutor', () => {
  const sandbox = testSandbox();

  it('evaluates jobs against their bundle, never more than capacity at once, and removes working dirs', async () => {
    const workRoot = await mkdtemp(path.join(os.tmpdir(), 'ratchet-work-'));
    const requested: string[] = [];
    const executor = createLocalExecutor({
      sandbox,
      capacity: 2,
      workRoot,
      bundleDir: (hash) => {
        requested.push(hash);
        return bundle.dir;
      },
    });
    let inFlight = 0;
    let peak = 0;
    const jobs = ['0.3', '0.3', '0.3', '0.3'].map((delay) => makeJob(problem, delay, bundle.hash));
    const results = await Promise.all(
      jobs.map(async (job) => {
        const running = executor.evaluate(job, {});
        // evaluate() queues; count what has actually started by watching the working directories
        const watcher = setInterval(async () => {
          inFlight = (await readdir(workRoot)).length;
          peak = Math.max(peak, inFlight);
        }, 20);
        try {
          return await running;
        } finally {
          clearInterval(watcher);
        }
      }),
    );
    expect(results.map((result) => result.status)).toEqual(['scored', 'scored', 'scored', 'scored']);
    expect(requested).toEqual([bundle.hash, bundle.hash, bundle.hash, bundle.hash]);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThan(0);
    expect(executor.capacity).toBe(2);
    await executor.close();
    expect(await readdir(workRoot)).toEqual([]);
    await rm(workRoot, { recursive: true, force: true });
  });

  it('close() stops running evaluations: their promises reject', async () => {
    const executor = createLocalExecutor({ sandbox, capacity: 1, bundleDir: () => bundle.dir });
    const running = executor.evaluate(makeJob(problem, '30', bundle.hash), {});
    const queued = executor.evaluate(makeJob(problem, '30', bundle.hash), {});
    const outcomes = Promise.allSettled([running, queued]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await executor.close();
    const settled = await outcomes;
    expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    for (const outcome of settled) {
      expect(outcome.status === 'rejected' ? String(outcome.reason) : '').toContain('executor closed');
    }
  });
});
