/**
 * bench:distributed — throughput of the Redis queue executor with 1, 2 and 4 local `ratchet worker`
 * processes against the local executor, on an evaluator of fixed duration (bwrap sandbox), and the
 * median latency the queue adds to one evaluation.
 *
 *   npm run bench:distributed             # 24 evaluations of 500 ms per configuration
 *   npm run bench:distributed -- --quick  # 12 evaluations of 250 ms
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCandidate } from '../src/core/candidate-id.ts';
import { createQueueExecutor } from '../src/distributed/queue-executor.ts';
import { startRedisServer } from '../src/distributed/test-redis.ts';
import { createBundle, removeBundle } from '../src/evaluators/bundle.ts';
import { createLocalExecutor } from '../src/evaluators/local-executor.ts';
import { makeProblem } from '../src/evaluators/problem-fixture.ts';
import { createSandbox } from '../src/sandbox/create-sandbox.ts';
import type { EvaluationJob, Executor } from '../src/spec/executor.ts';

const quick = process.argv.includes('--quick');
const jobsPerConfiguration = quick ? 12 : 24;
const evaluationMs = quick ? 250 : 500;
const latencySamples = quick ? 8 : 15;
const ratchetBin = fileURLToPath(new URL('../bin/ratchet.js', import.meta.url));

const folder = await mkdtemp(path.join(os.tmpdir(), 'ratchet-bench-distributed-'));
await writeFile(
  path.join(folder, 'evaluate.sh'),
  `sleep ${evaluationMs / 1000}\necho '{"metrics": {"score": 1}}'\n`,
);
const problem = makeProblem(folder, {
  evaluator: { kind: 'command', command: ['/bin/sh', path.join(folder, 'evaluate.sh')] },
  concurrency: { llm: 1, evaluations: 64 },
});
const bundle = await createBundle(problem, path.join(folder, '.ratchet', 'bundles'));
let jobCounter = 0;
const job = (): EvaluationJob => {
  jobCounter += 1;
  return {
    runId: `bench-${process.pid}`,
    evaluationId: `e${jobCounter}`,
    candidate: makeCandidate([{ path: problem.mainFile, content: `x = ${jobCounter}\n` }]),
    problem,
    bundleHash: bundle.hash,
  };
};

/** Evaluations per second with `jobsPerConfiguration` jobs all in flight (the executor limits them). */
async function throughput(executor: Executor): Promise<number> {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: jobsPerConfiguration }, () => executor.evaluate(job(), {})),
  );
  const seconds = (performance.now() - started) / 1000;
  const failed = results.filter((result) => result.status !== 'scored');
  if (failed.length > 0) throw new Error(`unexpected ${failed[0]?.status}: ${failed[0]?.feedback}`);
  return jobsPerConfiguration / seconds;
}

interface Latency {
  /** Median wall time of one evaluation, seen by the caller. */
  readonly wallMs: number;
  /** Median of (wall time − the evaluator run's own duration): what the executor adds around the sandbox. */
  readonly overheadMs: number;
}

/** One evaluation at a time (after one warm-up); medians of the wall time and of the executor's overhead. */
async function latency(executor: Executor): Promise<Latency> {
  await executor.evaluate(job(), {});
  const walls: number[] = [];
  const overheads: number[] = [];
  for (let sample = 0; sample < latencySamples; sample++) {
    const started = performance.now();
    const result = await executor.evaluate(job(), {});
    const wall = performance.now() - started;
    walls.push(wall);
    overheads.push(wall - result.usage.durationMs);
  }
  return { wallMs: median(walls), overheadMs: median(overheads) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [ratchetBin, 'worker', '--redis', url], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes(': ready on ')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${text}`)));
  });
}

const sandbox = createSandbox(problem.sandbox);
const rows: { configuration: string; perSecond: number; ideal: number }[] = [];
for (const capacity of [1, 2, 4]) {
  const local = createLocalExecutor({ sandbox, capacity, bundleDir: () => bundle.dir });
  rows.push({
    configuration: `local executor, capacity ${capacity}`,
    perSecond: await throughput(local),
    ideal: capacity,
  });
  await local.close();
}
const localOne = createLocalExecutor({ sandbox, capacity: 1, bundleDir: () => bundle.dir });
const localLatency = await latency(localOne);
await localOne.close();

const redis = await startRedisServer();
const workers: ChildProcess[] = [];
let queueLatency: Latency = { wallMs: Number.NaN, overheadMs: Number.NaN };
try {
  for (const count of [1, 2, 4]) {
    while (workers.length < count) workers.push(await startWorker(redis.url));
    const queue = await createQueueExecutor({ url: redis.url, capacity: count });
    await queue.evaluate(job(), {}); // the bundle goes to Redis and to the workers once
    rows.push({
      configuration: `queue, ${count} worker${count === 1 ? '' : 's'}`,
      perSecond: await throughput(queue),
      ideal: count,
    });
    if (count === 1) queueLatency = await latency(queue);
    await queue.close();
  }
} finally {
  for (const worker of workers) worker.kill('SIGTERM');
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
  await redis.kill();
  await removeBundle(bundle.dir);
  await rm(folder, { recursive: true, force: true });
}

const idealRate = (slots: number): number => (slots * 1000) / evaluationMs;
console.log(
  `bench:distributed — evaluator of fixed duration ${evaluationMs} ms (bwrap), ${jobsPerConfiguration} evaluations per row, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}`,
);
console.log('| configuration | evaluations/s | ideal (slots / duration) | of ideal |');
console.log('|---|---:|---:|---:|');
for (const row of rows) {
  const ideal = idealRate(row.ideal);
  console.log(
    `| ${row.configuration} | ${row.perSecond.toFixed(2)} | ${ideal.toFixed(2)} | ${((100 * row.perSecond) / ideal).toFixed(0)}% |`,
  );
}
console.log('');
console.log('| one evaluation at a time (median) | wall time | wall − evaluator run |');
console.log('|---|---:|---:|');
console.log(
  `| local executor | ${localLatency.wallMs.toFixed(1)} ms | ${localLatency.overheadMs.toFixed(1)} ms |`,
);
console.log(
  `| queue + 1 worker | ${queueLatency.wallMs.toFixed(1)} ms | ${queueLatency.overheadMs.toFixed(1)} ms |`,
);
console.log(
  `queue's added latency per evaluation (median overhead, queue − local): ${(queueLatency.overheadMs - localLatency.overheadMs).toFixed(1)} ms`,
);
