/**
 * One queue the controller sends jobs to (one per set of required labels), with the event stream that
 * tells it when a job finished.
 */
import { Queue, QueueEvents } from 'bullmq';
import { queuePrefix } from './queue-keys.ts';
import type { RedisTarget } from './redis-target.ts';

export interface QueueLane {
  readonly name: string;
  readonly labels: readonly string[];
  readonly queue: Queue;
  readonly events: QueueEvents;
}

/** Opens the lane and waits until its event stream listens; `onFinished` gets completed and failed job ids. */
export async function openQueueLane(
  target: RedisTarget,
  name: string,
  labels: readonly string[],
  onFinished: (jobId: string) => void,
): Promise<QueueLane> {
  const queue = new Queue(name, { connection: target.connection, prefix: queuePrefix });
  const events = new QueueEvents(name, { connection: target.connection, prefix: queuePrefix });
  // connection trouble is reported by watchConnection; unhandled 'error' events would end the process
  queue.on('error', () => {});
  events.on('error', () => {});
  events.on('completed', ({ jobId }) => onFinished(jobId));
  events.on('failed', ({ jobId }) => onFinished(jobId));
  await events.waitUntilReady();
  return { name, labels, queue, events };
}

/**
 * Closes the lane. A polite close waits for Redis, so with Redis gone (`reachable` false) the
 * connections are dropped at once instead.
 */
export async function closeQueueLane(lane: QueueLane, reachable: boolean): Promise<void> {
  if (reachable) {
    await Promise.race([Promise.allSettled([lane.events.close(), lane.queue.close()]), delay(2000)]);
  } else {
    await Promise.allSettled([lane.events.backend.close(true), lane.queue.backend.close(true)]);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
