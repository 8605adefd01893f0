/**
 * A worker: takes evaluation jobs from the queues it may serve (those whose required labels it declares),
 * runs them in the same sandbox as local runs with `evaluateJob`, and returns their results. It never
 * runs a job past the job's deadline, and refuses jobs that ask for more than its policy allows.
 *
 * A killed worker's jobs stop renewing their locks; BullMQ's stalled-job check (run by the other
 * workers) then queues them again, and the lock token makes sure only one result is accepted.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import pLimit from 'p-limit';
import { RatchetError } from '../core/errors.ts';
import { removeBundle } from '../evaluators/bundle.ts';
import { evaluateJob } from '../evaluators/evaluate-job.ts';
import { createSandbox } from '../sandbox/create-sandbox.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import { openRedisClient, probeRedis } from './connect-redis.ts';
import { watchConnection } from './connection-watch.ts';
import { labelsOfQueue, normalizeLabels, queueNameFor, queuePrefix, queuesKey } from './queue-keys.ts';
import { delay } from './queue-lane.ts';
import { type QueuedEvaluation, readQueuedEvaluation } from './queued-evaluation.ts';
import { parseRedisTarget } from './redis-target.ts';
import { prepareWorkerBundles } from './worker-bundles.ts';
import { defaultWorkerPolicy, passedEnvironment, policyRefusal, type WorkerPolicy } from './worker-policy.ts';
import { beat, forget, heartbeatIntervalMs, labelsCover } from './worker-registry.ts';

export interface EvaluationWorkerOptions {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS. */
  readonly url: string;
  /** Evaluations run at once (default 1). */
  readonly concurrency?: number;
  /** What this worker offers (`gpu`, `big-mem`…): it takes jobs whose problem needs no other labels. */
  readonly labels?: readonly string[];
  /** Problem folders whose bundles the worker makes itself instead of fetching them from Redis. */
  readonly problems?: readonly string[];
  /** A job whose worker stops renewing its lock for this long goes to another worker (default 30). */
  readonly stalledSeconds?: number;
  readonly policy?: Partial<WorkerPolicy>;
  /** The worker's environment, read only for the names in `policy.passEnv` (default `process.env`). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** One line per job and per notable event. */
  readonly onLog?: (message: string) => void;
  /** How often the worker looks for new queues it may serve (default 2000 ms). */
  readonly pollMs?: number;
}

export interface EvaluationWorker {
  readonly id: string;
  readonly labels: readonly string[];
  /** Stops taking jobs and disconnects; running evaluations finish first unless `force`. */
  close(options?: { readonly force?: boolean }): Promise<void>;
  stats(): { readonly completed: number; readonly refused: number; readonly running: number };
}

/** Connects (a clear `bad-input` error if Redis is unreachable), prepares bundles and starts serving. */
export async function startEvaluationWorker(options: EvaluationWorkerOptions): Promise<EvaluationWorker> {
  const target = parseRedisTarget(options.url, '--redis');
  const labels = normalizeLabels(options.labels ?? [], '--labels');
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const stalledMs = Math.round((options.stalledSeconds ?? 30) * 1000);
  const policy: WorkerPolicy = { ...defaultWorkerPolicy, ...options.policy };
  const hostEnv = passedEnvironment(policy, options.environment ?? process.env);
  const log = options.onLog ?? (() => {});
  const id = `${os.hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
  await probeRedis(target, { field: '--redis' });

  const root = await mkdtemp(path.join(os.tmpdir(), 'ratchet-worker-'));
  const redis = openRedisClient(target, `ratchet-worker-${id}`);
  const stopWatch = watchConnection(redis, {
    display: target.display,
    paused: 'this worker takes no new jobs',
    resumed: 'it takes jobs again',
    onNotice: (message) => log(`worker ${id}: ${message}`),
  });
  let bundles: Awaited<ReturnType<typeof prepareWorkerBundles>>;
  try {
    bundles = await prepareWorkerBundles(redis, root, options.problems ?? []);
  } catch (error) {
    stopWatch();
    redis.disconnect();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  for (const [hash, name] of bundles.local)
    log(`worker ${id}: problem ${name} has bundle ${hash.slice(0, 12)}`);

  const slots = pLimit(concurrency);
  const closing = new AbortController();
  const workers = new Map<string, Worker>();
  const counts = { completed: 0, refused: 0, running: 0 };
  const workRoot = path.join(root, 'work');

  const evaluate = async (
    data: QueuedEvaluation,
    cancel: AbortSignal | undefined,
  ): Promise<EvaluationResult> => {
    const { job } = data;
    const bundleDir = await bundles.dirFor(job);
    const sandbox = createSandbox(job.problem.sandbox, {
      onWarning: (message) => log(`worker ${id}: ${message}`),
    });
    const deadline = AbortSignal.timeout(data.timeoutMs);
    const signal = AbortSignal.any([deadline, closing.signal, ...(cancel === undefined ? [] : [cancel])]);
    const started = Date.now();
    try {
      return await evaluateJob(job, { sandbox, bundleDir, workRoot, signal, hostEnv });
    } catch (error) {
      if (!deadline.aborted) throw error;
      return {
        status: 'timed-out',
        metrics: {},
        score: null,
        feedback: `The evaluation did not finish within the job's time limit of ${Math.round(data.timeoutMs / 1000)} s; worker ${id} stopped it.`,
        artifacts: {},
        usage: { durationMs: Date.now() - started },
      };
    }
  };

  const processJob = (bullJob: Job, _token?: string, cancel?: AbortSignal): Promise<EvaluationResult> =>
    slots(async () => {
      const data = readQueuedEvaluation(bullJob.data);
      if (typeof data === 'string') {
        counts.refused += 1;
        throw new UnrecoverableError(`worker ${id} cannot read job ${bullJob.id}: ${data}`);
      }
      const { evaluationId, candidate, problem } = data.job;
      const refusal = labelsCover(labels, data.labels)
        ? policyRefusal(problem, policy)
        : `it needs labels ${data.labels.join(', ')}; this worker has ${labels.join(', ') || 'none'}`;
      if (refusal !== null) {
        counts.refused += 1;
        log(`worker ${id}: refused ${evaluationId}: ${refusal}`);
        throw new UnrecoverableError(`worker ${id} refused ${evaluationId}: ${refusal}`);
      }
      counts.running += 1;
      log(
        `worker ${id}: evaluating ${evaluationId} (candidate ${candidate.id.slice(0, 12)}, job ${bullJob.id})`,
      );
      const started = Date.now();
      try {
        // an engine fault here (a bundle that fails its hash, no sandbox) will not go away by retrying
        const result = await evaluate(data, cancel).catch((error: unknown) => {
          throw RatchetError.is(error) ? new UnrecoverableError(`worker ${id}: ${error.describe()}`) : error;
        });
        counts.completed += 1;
        const score = result.score === null ? '' : ` ${result.score}`;
        log(
          `worker ${id}: evaluated ${evaluationId}: ${result.status}${score} in ${Date.now() - started} ms`,
        );
        return result;
      } finally {
        counts.running -= 1;
      }
    });

  const serve = (name: string): void => {
    if (workers.has(name) || closing.signal.aborted) return;
    const worker = new Worker(name, processJob, {
      connection: target.connection,
      prefix: queuePrefix,
      concurrency,
      name: id,
      lockDuration: stalledMs,
      stalledInterval: stalledMs,
      maxStalledCount: 2,
    });
    // connection trouble is reported by watchConnection; unhandled 'error' events would end the process
    worker.on('error', () => {});
    worker.on('failed', (job, error) => {
      if (job !== undefined) log(`worker ${id}: job ${job.id} failed: ${error.message}`);
    });
    workers.set(name, worker);
    log(`worker ${id}: serving queue ${name}`);
  };

  const discover = async (): Promise<void> => {
    for (const name of await redis.smembers(queuesKey)) {
      if (name.startsWith('evaluations') && labelsCover(labels, labelsOfQueue(name))) serve(name);
    }
  };
  const heartbeat = (): Promise<void> =>
    beat(redis, { id, host: os.hostname(), pid: process.pid, labels, concurrency, seenAt: Date.now() });

  serve(queueNameFor([]));
  await discover();
  await heartbeat();
  // while Redis is away these fail; watchConnection says so, and the next tick tries again
  const timers = [
    setInterval(() => void discover().catch(() => {}), options.pollMs ?? 2000),
    setInterval(() => void heartbeat().catch(() => {}), heartbeatIntervalMs),
  ];
  log(
    `worker ${id}: ready on ${target.display} (concurrency ${concurrency}, labels ${labels.join(', ') || 'none'})`,
  );

  let closed: Promise<void> | null = null;
  return {
    id,
    labels,
    stats: () => ({ ...counts }),
    close(closeOptions = {}) {
      const force = closeOptions.force === true;
      if (force) closing.abort(new Error('worker stopped'));
      else if (closed === null && counts.running > 0)
        log(`worker ${id}: finishing ${counts.running} running evaluation(s)`);
      closed ??= (async () => {
        for (const timer of timers) clearInterval(timer);
        // BullMQ's polite close waits for Redis: with Redis gone, results cannot be delivered anyway
        // (the jobs go to another worker once their locks expire), so close at once
        const unreachable = redis.status !== 'ready';
        await Promise.allSettled([...workers.values()].map((worker) => worker.close(force || unreachable)));
        await Promise.race([forget(redis, id).catch(() => {}), delay(1000)]);
        stopWatch();
        redis.disconnect();
        const cached = path.join(root, 'bundles');
        for (const hash of await readdir(cached).catch(() => [])) await removeBundle(path.join(cached, hash));
        await rm(root, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
