/**
 * Redis going away in the middle of an evaluation: the executor says evaluations are paused, waits,
 * and once Redis is back (empty: restarted without persistence) queues the lost job again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadProblem } from '../config/load-problem.ts';
import { makeCandidate } from '../core/candidate-id.ts';
import { createBundle, removeBundle } from '../evaluators/bundle.ts';
import { startEvaluationWorker } from './evaluation-worker.ts';
import { createQueueExecutor } from './queue-executor.ts';
import { type RedisServer, startRedisServer, writeTinyProblem } from './test-redis.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 100) {
    if (waited > 90_000) throw new Error('condition not reached within 90 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('queue executor when Redis goes away', () => {
  it('pauses, says so, and finishes the evaluation once Redis is back', async () => {
    let server: RedisServer = await startRedisServer();
    cleanups.push(() => server.kill());
    const folder = await writeTinyProblem({ sleepSeconds: 2 });
    cleanups.push(folder.cleanup);
    const { problem } = await loadProblem(folder.dir);
    const bundle = await createBundle(problem, `${folder.dir}/.ratchet/bundles`);
    cleanups.push(() => removeBundle(bundle.dir));

    const log: string[] = [];
    const worker = await startEvaluationWorker({
      url: server.url,
      onLog: (line) => log.push(line),
      pollMs: 200,
    });
    cleanups.push(() => worker.close({ force: true }));
    const notices: string[] = [];
    const executor = await createQueueExecutor({
      url: server.url,
      onNotice: (line) => notices.push(line),
      sweepMs: 300,
      noticeAfterMs: 500,
    });
    cleanups.push(() => executor.close());

    const job = {
      runId: 'outage',
      evaluationId: 'e1',
      candidate: makeCandidate(problem.seed),
      problem,
      bundleHash: bundle.hash,
    };
    const result = executor.evaluate(job, {});
    await until(() => log.some((line) => line.includes('evaluating e1')));
    await server.kill();
    await until(() => notices.some((line) => line.includes('unreachable')));
    expect(notices.find((line) => line.includes('unreachable'))).toMatch(/evaluations are paused/);

    server = await startRedisServer({ port: server.port });
    const settled = await result;
    expect(settled.status).toBe('scored');
    expect(notices.some((line) => line.includes('reachable again; evaluations continue'))).toBe(true);
    expect(
      notices.some((line) => line.includes('Redis lost the queued evaluation e1; queued it again')),
    ).toBe(true);
  });

  it('lets a worker stop while Redis is gone', async () => {
    const server = await startRedisServer();
    cleanups.push(() => server.kill());
    const log: string[] = [];
    const worker = await startEvaluationWorker({ url: server.url, onLog: (line) => log.push(line) });
    await server.kill();
    await worker.close();
    expect(worker.stats()).toEqual({ completed: 0, refused: 0, running: 0 });
  });

  it('lets a run stop and close its executor while Redis is gone', async () => {
    const server = await startRedisServer();
    cleanups.push(() => server.kill());
    const folder = await writeTinyProblem();
    cleanups.push(folder.cleanup);
    const { problem } = await loadProblem(folder.dir);
    const bundle = await createBundle(problem, `${folder.dir}/.ratchet/bundles`);
    cleanups.push(() => removeBundle(bundle.dir));
    const notices: string[] = [];
    const executor = await createQueueExecutor({ url: server.url, onNotice: (line) => notices.push(line) });
    const stop = new AbortController();
    const job = {
      runId: 'stop',
      evaluationId: 'e1',
      candidate: makeCandidate(problem.seed),
      problem,
      bundleHash: bundle.hash,
    };
    const pending = executor.evaluate(job, { signal: stop.signal });
    await until(() => notices.some((line) => line.includes('no worker is connected')));
    await server.kill();
    stop.abort(new Error('stopped by the user'));
    await expect(pending).rejects.toThrow('stopped by the user');
    await executor.close();
  });
});
