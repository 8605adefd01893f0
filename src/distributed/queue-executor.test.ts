/**
 * The queue executor against a real Redis, with workers started in this process (the CLI tests start
 * real worker processes).
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadProblem } from '../config/load-problem.ts';
import { makeCandidate } from '../core/candidate-id.ts';
import { RatchetError } from '../core/errors.ts';
import { createBundle, removeBundle } from '../evaluators/bundle.ts';
import { createLocalExecutor } from '../evaluators/local-executor.ts';
import { createSandbox } from '../sandbox/create-sandbox.ts';
import type { EvaluationJob, Executor } from '../spec/executor.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import { packBundle, storeBundle } from './bundle-store.ts';
import { type EvaluationWorker, startEvaluationWorker } from './evaluation-worker.ts';
import { createQueueExecutor } from './queue-executor.ts';
import { bundleKey, queuePrefix } from './queue-keys.ts';
import { queuedEvaluationFormat } from './queued-evaluation.ts';
import { parseRedisTarget } from './redis-target.ts';
import { freePort, startRedisServer, testRedis, writeTinyProblem } from './test-redis.ts';

let redis: { url: string; close: () => Promise<void> };
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  redis = await testRedis(5);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await redis.close();
});

async function tinyJob(
  options: {
    sleepSeconds?: number;
    sandbox?: 'none';
    runId?: string;
    evaluationId?: string;
    x?: number;
  } = {},
): Promise<{ job: EvaluationJob; problem: ResolvedProblem; bundleDir: string }> {
  const folder = await writeTinyProblem({ sleepSeconds: options.sleepSeconds ?? 0 });
  cleanups.push(folder.cleanup);
  const loaded = (await loadProblem(folder.dir)).problem;
  const problem =
    options.sandbox === undefined
      ? loaded
      : { ...loaded, sandbox: { ...loaded.sandbox, kind: options.sandbox } };
  const bundle = await createBundle(problem, `${folder.dir}/.ratchet/bundles`);
  cleanups.push(() => removeBundle(bundle.dir));
  const seed = problem.seed.map((file) => ({
    ...file,
    content: file.content.replace('2.5', String(options.x ?? 2.5)),
  }));
  return {
    problem,
    bundleDir: bundle.dir,
    job: {
      runId: options.runId ?? `run-${Math.random().toString(36).slice(2)}`,
      evaluationId: options.evaluationId ?? 'e1',
      candidate: makeCandidate(seed),
      problem,
      bundleHash: bundle.hash,
    },
  };
}

async function worker(options: Partial<Parameters<typeof startEvaluationWorker>[0]> = {}): Promise<{
  worker: EvaluationWorker;
  log: string[];
}> {
  const log: string[] = [];
  const started = await startEvaluationWorker({
    url: redis.url,
    onLog: (line) => log.push(line),
    pollMs: 200,
    ...options,
  });
  cleanups.push(() => started.close({ force: true }));
  return { worker: started, log };
}

async function executor(notices: string[] = []): Promise<Executor> {
  const created = await createQueueExecutor({
    url: redis.url,
    onNotice: (line) => notices.push(line),
    sweepMs: 300,
  });
  cleanups.push(() => created.close());
  return created;
}

describe('queue executor', () => {
  it('returns what the local executor returns for the same candidate', async () => {
    const { job, problem, bundleDir } = await tinyJob({ x: 1.5 });
    const { worker: remote } = await worker();
    const result = await (await executor()).evaluate(job, {});
    const local = createLocalExecutor({
      sandbox: createSandbox(problem.sandbox),
      capacity: 1,
      bundleDir: () => bundleDir,
    });
    cleanups.push(() => local.close());
    const expected = await local.evaluate(job, {});
    expect(result.status).toBe('scored');
    expect(result.score).toBe(expected.score);
    expect(result.metrics).toEqual(expected.metrics);
    expect(remote.stats().completed).toBe(1);
  });

  it('gives a resumed controller the result that arrived while it was gone, without running it again', async () => {
    const { job } = await tinyJob({ sleepSeconds: 1.5 });
    const { worker: remote, log } = await worker();
    const first = await executor();
    const stop = new AbortController();
    const pending = first.evaluate(job, { signal: stop.signal });
    await until(() => log.some((line) => line.includes('evaluating e1')));
    stop.abort(new Error('controller killed'));
    await expect(pending).rejects.toThrow('controller killed');
    await first.close();
    await until(() => remote.stats().completed === 1);

    const resumed = await executor();
    const result = await resumed.evaluate({ ...job, evaluationId: 'e7' }, {});
    expect(result.status).toBe('scored');
    expect(log.filter((line) => line.includes('evaluating '))).toHaveLength(1);
    expect(remote.stats().completed).toBe(1);
  });

  it('stops a job at its deadline and reports it timed-out', async () => {
    const { job, bundleDir } = await tinyJob({ sleepSeconds: 30 });
    const { log } = await worker();
    const client = new Redis(redis.url);
    cleanups.push(async () => client.disconnect());
    await storeBundle(client, { hash: job.bundleHash, dir: bundleDir }, 600);
    const queue = new Queue('evaluations', {
      connection: parseRedisTarget(redis.url).connection,
      prefix: queuePrefix,
    });
    cleanups.push(() => queue.close());
    // the evaluator may take 60 s, but the job carries a 1.5 s deadline
    const added = await queue.add('evaluate', {
      format: queuedEvaluationFormat,
      job,
      timeoutMs: 1500,
      labels: [],
    });
    const finished = await until(async () =>
      (await added.isCompleted()) ? await queue.getJob(added.id as string) : null,
    );
    expect(finished.returnvalue.status).toBe('timed-out');
    expect(finished.returnvalue.feedback).toMatch(/time limit of 2 s/);
    expect(log.some((line) => line.includes('timed-out'))).toBe(true);
  });

  it('refuses a job that asks for no sandbox, and the run gets an error that names the flag', async () => {
    const { job } = await tinyJob({ sandbox: 'none' });
    await worker();
    const outcome = (await executor()).evaluate(job, {});
    await expect(outcome).rejects.toThrow(/--allow-no-sandbox/);
    await expect(outcome).rejects.toSatisfy((error) => RatchetError.is(error) && error.code === 'evaluator');
  });

  it('refuses a bundle whose content does not match its hash', async () => {
    const { job } = await tinyJob();
    const client = new Redis(redis.url);
    cleanups.push(async () => client.disconnect());
    const other = await tinyJob({ sleepSeconds: 2 });
    await client.set(bundleKey(job.bundleHash), await packBundle(other.bundleDir));
    const { log } = await worker();
    const queue = new Queue('evaluations', {
      connection: parseRedisTarget(redis.url).connection,
      prefix: queuePrefix,
    });
    cleanups.push(() => queue.close());
    const added = await queue.add(
      'evaluate',
      { format: queuedEvaluationFormat, job, timeoutMs: 10_000, labels: [] },
      { attempts: 3 },
    );
    await until(async () => added.isFailed());
    const failed = await queue.getJob(added.id as string);
    expect(failed?.failedReason).toMatch(/hashes to .*it was not run/);
    expect(failed?.attemptsMade, 'a bundle that fails its hash is not retried').toBe(1);
    expect(log.some((line) => line.includes('evaluated'))).toBe(false);
  });

  it('uses the bundle of a --problems folder instead of the one in Redis', async () => {
    const { job, problem } = await tinyJob({ x: 1 });
    const other = await tinyJob({ sleepSeconds: 2 });
    const client = new Redis(redis.url);
    cleanups.push(async () => client.disconnect());
    // what Redis holds under this hash is wrong: a worker that fetched it would refuse the job
    await client.set(bundleKey(job.bundleHash), await packBundle(other.bundleDir));
    const { worker: remote, log } = await worker({ problems: [problem.dir] });
    expect(log.some((line) => line.includes(`has bundle ${job.bundleHash.slice(0, 12)}`))).toBe(true);
    const result = await (await executor()).evaluate(job, {});
    expect(result.status).toBe('scored');
    expect(result.score).toBe(1 / (1 + 0 + 1.5 ** 2));
    expect(remote.stats().completed).toBe(1);
  });

  it('says clearly when Redis cannot be reached or refuses the password', async () => {
    const port = await freePort();
    await expect(createQueueExecutor({ url: `redis://127.0.0.1:${port}` })).rejects.toThrow(
      new RegExp(`cannot use Redis at redis://127\\.0\\.0\\.1:${port}: nothing accepts connections`),
    );
    const guarded = await startRedisServer({ password: 'right' });
    cleanups.push(() => guarded.kill());
    const wrong = `redis://:wrong@127.0.0.1:${guarded.port}`;
    const caught = await createQueueExecutor({ url: wrong }).catch((error: unknown) => error);
    expect(RatchetError.is(caught) && caught.code).toBe('bad-input');
    expect(String((caught as Error).message)).toMatch(/refused the credentials/);
    expect(String((caught as Error).message)).not.toContain('wrong');
    const right = await createQueueExecutor({ url: guarded.url });
    await right.close();
  });
});

/** Polls `check` until it returns something truthy (at most 60 s). */
async function until<T>(check: () => T | Promise<T>): Promise<NonNullable<T>> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not reached within 60 s');
}
