/**
 * Names in Redis: one BullMQ queue per set of required labels, the bundle store, the registry of label
 * queues in use and the registry of live workers. Everything sits under the `ratchet:` key prefix.
 */
import { badInput } from '../core/errors.ts';
import type { EvaluationJob } from '../spec/executor.ts';

/** BullMQ's key prefix for our queues. */
export const queuePrefix = 'ratchet';
/** `ratchet:bundle:<hash>`: a packed evaluator bundle. */
export const bundleKey = (hash: string): string => `ratchet:bundle:${hash}`;
/** The queues that controllers have sent jobs to (workers poll it to find the queues they serve). */
export const queuesKey = 'ratchet:queues';
/** Hash of worker id → its heartbeat (JSON). */
export const workersKey = 'ratchet:workers';

const labelPattern = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

/** Checks labels and returns them sorted without duplicates; throws `bad-input` naming `field`. */
export function normalizeLabels(labels: readonly string[], field: string): string[] {
  for (const label of labels) {
    if (!labelPattern.test(label))
      throw badInput(`"${label}" is not a valid label`, {
        field,
        hint: 'labels are letters, digits, ".", "_" and "-" (at most 63), e.g. gpu,big-mem',
      });
  }
  return [...new Set(labels)].sort();
}

/** The queue of jobs that need exactly these labels (`evaluations`, `evaluations+big-mem+gpu`). */
export function queueNameFor(labels: readonly string[]): string {
  return ['evaluations', ...[...new Set(labels)].sort()].join('+');
}

/** The labels a queue name stands for. */
export function labelsOfQueue(name: string): string[] {
  return name.split('+').slice(1);
}

/**
 * The BullMQ job id of an evaluation. With a run id it is the same for the same run, candidate and
 * bundle, so that a resumed controller finds the job (and its result) that an earlier process queued.
 */
export function jobIdFor(job: EvaluationJob, unique: () => string): string {
  const parts =
    job.runId === undefined
      ? [job.evaluationId, unique()]
      : [job.runId, job.candidate.id, job.bundleHash.slice(0, 16)];
  return parts.map((part) => part.replace(/[:\s]/g, '_')).join('~');
}
