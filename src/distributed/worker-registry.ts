/**
 * Live workers announce themselves in Redis (id, labels, concurrency, last seen), so that a controller
 * can say when no connected worker can take its jobs.
 */
import type { Redis } from 'ioredis';
import { workersKey } from './queue-keys.ts';

/** A worker's heartbeat. */
export interface WorkerHeartbeat {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly labels: readonly string[];
  readonly concurrency: number;
  readonly seenAt: number;
}

/** A heartbeat older than this means the worker is gone. */
export const heartbeatStaleMs = 20_000;
/** How often workers beat. */
export const heartbeatIntervalMs = 5_000;

/** Records (or refreshes) a worker's heartbeat. */
export async function beat(redis: Redis, heartbeat: WorkerHeartbeat): Promise<void> {
  await redis.hset(workersKey, heartbeat.id, JSON.stringify(heartbeat));
}

/** Removes a worker's heartbeat (on a clean stop). */
export async function forget(redis: Redis, id: string): Promise<void> {
  await redis.hdel(workersKey, id);
}

/** Workers seen within `heartbeatStaleMs` of `now`; stale entries are removed. */
export async function liveWorkers(redis: Redis, now: number): Promise<WorkerHeartbeat[]> {
  const entries = await redis.hgetall(workersKey);
  const live: WorkerHeartbeat[] = [];
  const stale: string[] = [];
  for (const [id, text] of Object.entries(entries)) {
    const heartbeat = JSON.parse(text) as WorkerHeartbeat;
    if (now - heartbeat.seenAt <= heartbeatStaleMs) live.push(heartbeat);
    else stale.push(id);
  }
  if (stale.length > 0) await redis.hdel(workersKey, ...stale);
  return live;
}

/** Whether a worker with `labels` may take jobs that need `required`. */
export function labelsCover(labels: readonly string[], required: readonly string[]): boolean {
  return required.every((label) => labels.includes(label));
}
