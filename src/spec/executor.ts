/**
 * Executors: where evaluations run — the local sandbox pool, or remote workers through a queue.
 */
import type { Candidate } from './candidate.ts';
import type { EvaluationResult } from './evaluation.ts';
import type { ResolvedProblem } from './problem.ts';

/** Everything needed to evaluate one candidate; serialisable so it can cross a queue. */
export interface EvaluationJob {
  readonly evaluationId: string;
  readonly candidate: Candidate;
  readonly problem: ResolvedProblem;
  /** Content hash of the evaluator bundle (the problem's files the evaluator may read). */
  readonly bundleHash: string;
  /** Instance ids to score, for problems with instances. */
  readonly instances?: readonly string[];
  /** For `activeData` problems: the probes acquired so far in the run, oldest first. */
  readonly data?: readonly string[];
  /**
   * The run this evaluation belongs to. Remote executors key stored results by run + candidate + bundle,
   * so that a resumed controller collects a result that arrived while it was down instead of re-running it.
   */
  readonly runId?: string;
}

export interface Executor {
  readonly kind: string;
  /** Concurrency the executor can sustain (the controller never has more evaluations in flight). */
  readonly capacity: number;
  evaluate(job: EvaluationJob, options: { readonly signal?: AbortSignal }): Promise<EvaluationResult>;
  close(): Promise<void>;
}
