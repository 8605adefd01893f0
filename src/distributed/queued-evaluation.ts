/**
 * What crosses the queue: the job a controller sends (with its deadline and the labels it needs) and the
 * result a worker sends back, both checked on arrival.
 */
import { RatchetError } from '../core/errors.ts';
import type { EvaluationResult, EvaluationStatus } from '../spec/evaluation.ts';
import type { EvaluationJob } from '../spec/executor.ts';

/** Version of the job format; a worker refuses formats it does not know. */
export const queuedEvaluationFormat = 1;

/** The data of one BullMQ job. */
export interface QueuedEvaluation {
  readonly format: number;
  readonly job: EvaluationJob;
  /** The worker stops the evaluation after this long and reports it `timed-out`. */
  readonly timeoutMs: number;
  /** Labels a worker must declare to take the job. */
  readonly labels: readonly string[];
}

/** Extra time a job gets beyond its evaluator runs' own limits (setting up the working directory, …). */
export const jobGraceMs = 10_000;

/** The hard deadline of a job: every repeat's time limit, plus a grace period. */
export function jobTimeoutMs(job: EvaluationJob): number {
  const repeats = Math.max(1, Math.floor(job.problem.repeats ?? 1));
  return Math.round(job.problem.timeoutSeconds * 1000 * repeats) + jobGraceMs;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a job's data; returns the reason when it is not a job this worker understands. */
export function readQueuedEvaluation(value: unknown): QueuedEvaluation | string {
  if (!isRecord(value)) return 'the job data is not an object';
  if (value['format'] !== queuedEvaluationFormat)
    return `the job has format ${String(value['format'])}; this worker reads format ${queuedEvaluationFormat} (use the same Ratchet version on the controller and the workers)`;
  const job = value['job'];
  if (!isRecord(job) || typeof job['evaluationId'] !== 'string' || typeof job['bundleHash'] !== 'string')
    return 'the job has no evaluation id or bundle hash';
  if (!isRecord(job['candidate']) || !Array.isArray(job['candidate']['files']))
    return 'the job has no candidate files';
  if (!isRecord(job['problem'])) return 'the job has no problem';
  const timeoutMs = value['timeoutMs'];
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) return 'the job has no positive timeoutMs';
  const labels = value['labels'];
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string'))
    return 'the job has no label list';
  return value as unknown as QueuedEvaluation;
}

const statuses: ReadonlySet<EvaluationStatus> = new Set([
  'scored',
  'invalid',
  'failed',
  'timed-out',
  'crashed',
]);

/** Checks a worker's answer before it goes into the log; throws an `evaluator` error if malformed. */
export function readWorkerResult(value: unknown, evaluationId: string): EvaluationResult {
  const malformed = (what: string): RatchetError =>
    new RatchetError('evaluator', `a worker returned a malformed result for ${evaluationId}: ${what}`, {
      hint: 'use the same Ratchet version on the controller and the workers',
    });
  if (!isRecord(value)) throw malformed('not an object');
  if (!statuses.has(value['status'] as EvaluationStatus))
    throw malformed(`status ${String(value['status'])}`);
  const metrics = value['metrics'];
  if (!isRecord(metrics) || !Object.values(metrics).every((metric) => Number.isFinite(metric)))
    throw malformed('metrics are not finite numbers');
  const score = value['score'];
  if (score !== null && !Number.isFinite(score)) throw malformed('score is neither a number nor null');
  if (typeof value['feedback'] !== 'string') throw malformed('no feedback text');
  const artifacts = value['artifacts'];
  if (!isRecord(artifacts) || !Object.values(artifacts).every((artifact) => typeof artifact === 'string'))
    throw malformed('artifacts are not texts');
  const usage = value['usage'];
  if (!isRecord(usage) || !Number.isFinite(usage['durationMs'])) throw malformed('no usage.durationMs');
  return value as unknown as EvaluationResult;
}
