/**
 * The queue executor: evaluations go to `ratchet worker` processes through BullMQ on Redis, while the
 * controller stays one process that owns the (local) event log.
 *
 * A job's id is run + candidate + bundle, so the job and its stored result outlive the controller: a
 * resumed controller that queues the same candidate again finds the finished job and takes its result
 * instead of running it twice. While Redis is away, evaluations wait (reconnecting with backoff) and
 * the executor says so; a periodic sweep re-queues jobs and bundles that a restarted Redis lost.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RatchetError } from '../core/errors.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { EvaluationJob, Executor } from '../spec/executor.ts';
import { openRedisClient, probeRedis } from './connect-redis.ts';
import { watchConnection } from './connection-watch.ts';
import { ControllerBundles } from './controller-bundles.ts';
import { jobIdFor, queueNameFor, queuesKey } from './queue-keys.ts';
import { closeQueueLane, delay, openQueueLane, type QueueLane } from './queue-lane.ts';
import {
  jobTimeoutMs,
  type QueuedEvaluation,
  queuedEvaluationFormat,
  readWorkerResult,
} from './queued-evaluation.ts';
import { parseRedisTarget, type RedisTarget } from './redis-target.ts';
import { labelsCover, liveWorkers } from './worker-registry.ts';

export interface QueueExecutorOptions {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS. */
  readonly url: string;
  /** Evaluations in flight at once (default 1024: the problem's `concurrency.evaluations` decides). */
  readonly capacity?: number;
  /** Messages worth a person's attention (Redis away and back, no worker for a label set…). */
  readonly onNotice?: (message: string) => void;
  /** How long finished jobs (with their results) and bundles stay in Redis, in seconds (default 7 days). */
  readonly keepSeconds?: number;
  /** How often pending jobs are checked against Redis (default 2000 ms). */
  readonly sweepMs?: number;
  /** Say that evaluations are paused after Redis has been away this long (default 3000 ms). */
  readonly noticeAfterMs?: number;
}

interface Waiter {
  readonly jobId: string;
  readonly lane: QueueLane;
  readonly data: QueuedEvaluation;
  readonly resolve: (result: EvaluationResult) => void;
  readonly reject: (error: unknown) => void;
  submitted: boolean;
  retried: boolean;
}

/** Connects to Redis (a clear `bad-input` error if it cannot) and returns the executor. */
export async function createQueueExecutor(options: QueueExecutorOptions): Promise<Executor> {
  const target = parseRedisTarget(options.url, '--executor');
  await probeRedis(target, { field: '--executor' });
  return new QueueExecutor(target, options);
}

const waitingStates = new Set(['waiting', 'delayed', 'prioritized', 'wait']);

class QueueExecutor implements Executor {
  readonly kind = 'redis';
  readonly capacity: number;
  private readonly keepSeconds: number;
  private readonly notice: (message: string) => void;
  private redisClient: Redis | null = null;
  private stopWatch: (() => void) | null = null;
  private readonly lanes = new Map<string, Promise<QueueLane>>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly bundles: ControllerBundles;
  private readonly background = new Set<Promise<void>>();
  private readonly said = new Set<string>();
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private sweeping = false;
  private closed = false;

  constructor(
    private readonly target: RedisTarget,
    private readonly options: QueueExecutorOptions,
  ) {
    this.capacity = Math.max(1, Math.floor(options.capacity ?? 1024));
    this.keepSeconds = options.keepSeconds ?? 7 * 24 * 3600;
    this.notice = options.onNotice ?? (() => {});
    this.bundles = new ControllerBundles(() => this.redis(), this.keepSeconds);
  }

  evaluate(job: EvaluationJob, options: { readonly signal?: AbortSignal }): Promise<EvaluationResult> {
    if (this.closed) return Promise.reject(new RatchetError('internal', 'the queue executor is closed'));
    return this.enqueue(job, options.signal);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    for (const waiter of [...this.waiters.values()]) waiter.reject(new Error('executor closed'));
    await Promise.race([Promise.allSettled([...this.background]), delay(3000)]);
    const reachable = this.redisClient?.status === 'ready';
    for (const lane of await Promise.allSettled([...this.lanes.values()]))
      if (lane.status === 'fulfilled') await closeQueueLane(lane.value, reachable);
    this.stopWatch?.();
    this.redisClient?.disconnect();
    await this.bundles.close();
  }

  private redis(): Redis {
    if (this.redisClient === null) {
      this.redisClient = openRedisClient(this.target, 'ratchet-controller');
      this.stopWatch = watchConnection(this.redisClient, {
        display: this.target.display,
        paused: 'evaluations are paused (recorded events are safe in the local store)',
        resumed: 'evaluations continue',
        onNotice: this.notice,
        ...(this.options.noticeAfterMs === undefined ? {} : { noticeAfterMs: this.options.noticeAfterMs }),
      });
      this.sweepTimer = setInterval(() => this.track(this.sweep()), this.options.sweepMs ?? 2000);
    }
    return this.redisClient;
  }

  private async enqueue(job: EvaluationJob, signal: AbortSignal | undefined): Promise<EvaluationResult> {
    signal?.throwIfAborted();
    const lane = await this.lane(job.problem.labels ?? []);
    await this.bundles.ensure(job);
    signal?.throwIfAborted();
    const jobId = jobIdFor(job, randomUUID);
    if (this.waiters.has(jobId))
      throw new RatchetError('internal', `evaluation of ${job.candidate.id} is already in flight`);
    const data: QueuedEvaluation = {
      format: queuedEvaluationFormat,
      job,
      timeoutMs: jobTimeoutMs(job),
      labels: lane.labels,
    };
    return new Promise<EvaluationResult>((resolve, reject) => {
      const done = (): boolean => {
        if (this.waiters.get(jobId) !== waiter) return false;
        this.waiters.delete(jobId);
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const waiter: Waiter = {
        jobId,
        lane,
        data,
        submitted: false,
        retried: false,
        resolve: (result) => done() && resolve(result),
        reject: (error) => done() && reject(error),
      };
      const onAbort = (): void => {
        waiter.reject(signal?.reason);
        this.track(this.withdraw(waiter));
      };
      this.waiters.set(jobId, waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.track(this.submit(waiter));
    });
  }

  private lane(labels: readonly string[]): Promise<QueueLane> {
    const name = queueNameFor(labels);
    let lane = this.lanes.get(name);
    if (lane === undefined) {
      lane = this.openLane(name, [...new Set(labels)].sort());
      this.lanes.set(name, lane);
      lane.catch(() => this.lanes.delete(name));
    }
    return lane;
  }

  private async openLane(name: string, labels: readonly string[]): Promise<QueueLane> {
    const lane = await openQueueLane(this.target, name, labels, (jobId) => {
      const waiter = this.waiters.get(jobId);
      if (waiter !== undefined) this.track(this.check(waiter));
    });
    await this.redis().sadd(queuesKey, name);
    this.track(this.warnWithoutWorkers(lane));
    return lane;
  }

  private async submit(waiter: Waiter): Promise<void> {
    await waiter.lane.queue.add('evaluate', waiter.data, {
      jobId: waiter.jobId,
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: this.keepSeconds },
      removeOnFail: { age: this.keepSeconds },
    });
    waiter.submitted = true;
    await this.check(waiter);
  }

  /** Looks the job up: takes its result, re-runs a failure left by an earlier controller, re-queues a lost job. */
  private async check(waiter: Waiter): Promise<void> {
    if (this.waiters.get(waiter.jobId) !== waiter) return;
    if (!waiter.submitted) return this.submit(waiter);
    const evaluationId = waiter.data.job.evaluationId;
    // the state first: a job read before its state is final may miss its result or failure reason
    const state = await waiter.lane.queue.getJobState(waiter.jobId);
    if (state === 'unknown') {
      this.say(`lost:${waiter.jobId}`, `Redis lost the queued evaluation ${evaluationId}; queued it again.`);
      waiter.submitted = false;
      return this.submit(waiter);
    }
    if (state !== 'completed' && state !== 'failed') return;
    const job = await waiter.lane.queue.getJob(waiter.jobId);
    if (job === undefined) return; // removed in between: the next sweep queues it again
    if (state === 'completed') {
      let result: EvaluationResult;
      try {
        result = readWorkerResult(job.returnvalue, evaluationId);
      } catch (error) {
        waiter.reject(error);
        return;
      }
      waiter.resolve(result);
    } else if (state === 'failed') {
      const earlier = (job.data as QueuedEvaluation).job?.evaluationId !== evaluationId;
      if (earlier && !waiter.retried) {
        waiter.retried = true;
        await job.retry('failed');
        return;
      }
      waiter.reject(
        new RatchetError(
          'evaluator',
          `evaluation ${evaluationId} failed on the workers: ${job.failedReason}`,
          {
            hint: 'see the worker’s output; fix the cause, then `ratchet resume` queues it again',
          },
        ),
      );
    }
  }

  /** A job the run no longer waits for is taken off the queue unless a worker already runs it. */
  private async withdraw(waiter: Waiter): Promise<void> {
    const job = await waiter.lane.queue.getJob(waiter.jobId);
    if (job === undefined || !waitingStates.has(await job.getState())) return;
    // a worker may take it in between: then it runs, and a resumed run collects its result
    await job.remove().catch(() => {});
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || this.closed) return;
    this.sweeping = true;
    try {
      const redis = this.redis();
      if (this.lanes.size > 0) await redis.sadd(queuesKey, ...this.lanes.keys());
      for (const hash of await this.bundles.restoreLost())
        this.say(`bundle:${hash}`, `Redis lost bundle ${hash.slice(0, 12)}; stored it again.`);
      for (const waiter of [...this.waiters.values()]) await this.check(waiter);
    } finally {
      this.sweeping = false;
    }
  }

  private async warnWithoutWorkers(lane: QueueLane): Promise<void> {
    const workers = await liveWorkers(this.redis(), Date.now());
    if (workers.some((worker) => labelsCover(worker.labels, lane.labels))) return;
    const flag = lane.labels.length === 0 ? '' : ` --labels ${lane.labels.join(',')}`;
    this.say(
      `workers:${lane.name}`,
      `no worker${lane.labels.length === 0 ? '' : ` with labels ${lane.labels.join(', ')}`} is connected to ${this.target.display}; ` +
        `evaluations wait in the queue until one starts: ratchet worker --redis ${this.target.display}${flag}`,
    );
  }

  private say(key: string, message: string): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    this.notice(message);
  }

  /** Runs a background step; its errors (Redis trouble) are said once and retried by the next sweep. */
  private track(task: Promise<void>): void {
    const tracked = task
      .catch((error: unknown) => {
        if (this.closed) return;
        const message = error instanceof Error ? error.message : String(error);
        this.say(`error:${message}`, `queue: ${message} (retrying on the next sweep)`);
      })
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }
}
