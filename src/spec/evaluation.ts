/**
 * Evaluations: what an evaluator said about one candidate.
 *
 * A bad candidate is not an exception: it is an evaluation with a status other than `scored`, and its
 * feedback goes into the next proposal.
 */

/**
 * - `scored`: the evaluator ran and returned the objective metric as a finite number.
 * - `invalid`: the evaluator ran and said the candidate is not acceptable (`valid: false`, a non-finite
 *   metric, a failed cascade stage).
 * - `failed`: the evaluator could not produce a result (it exited non-zero, printed no result, or the
 *   result was malformed).
 * - `timed-out`: the evaluation exceeded its time limit and its whole process tree was killed.
 * - `crashed`: the process died from a signal or a resource limit (memory, processes, file size).
 */
export type EvaluationStatus = 'scored' | 'invalid' | 'failed' | 'timed-out' | 'crashed';

/** Metric values are finite numbers; anything else the evaluator returns is an artifact. */
export type Metrics = Readonly<Record<string, number>>;

/** Resources an evaluation used. */
export interface EvaluationUsage {
  /** Wall-clock time of the whole evaluation (all stages and repeats). */
  readonly durationMs: number;
  /** Peak resident memory in bytes where known. */
  readonly maxRssBytes?: number;
}

/** The result of one evaluation of one candidate. */
export interface EvaluationResult {
  readonly status: EvaluationStatus;
  /** Finite numeric metrics. Empty for failed evaluations. */
  readonly metrics: Metrics;
  /**
   * The score computed by the engine from `metrics` and the problem's objective; `null` unless `scored`.
   * Never taken from the candidate or from a field the evaluator calls "score" unless that is the objective.
   */
  readonly score: number | null;
  /** Text for the next proposal: the evaluator's own feedback plus captured errors, capped in size. */
  readonly feedback: string;
  /** Named text artifacts (stderr tail, stage outputs, anything non-numeric the evaluator returned). */
  readonly artifacts: Readonly<Record<string, string>>;
  /** For cascades: the index of the last stage that ran (0-based). */
  readonly stage?: number;
  /** For `repeats: k`: the per-repeat scores, mean in `score`, standard error in `scoreStdError`. */
  readonly repeatScores?: readonly number[];
  readonly scoreStdError?: number;
  /** Per-instance metrics where the evaluator scores instances (instance id → metrics). */
  readonly instanceMetrics?: Readonly<Record<string, Metrics>>;
  /** For `activeData` problems: what the candidate predicts at each probe (probe id → finite numbers). */
  readonly predictions?: Readonly<Record<string, readonly number[]>>;
  readonly usage: EvaluationUsage;
}

/** What a `module` evaluator's `evaluate(context)` receives. Paths are absolute. */
export interface EvaluatorContext {
  /** The candidate's main file. */
  readonly candidatePath: string;
  /** The candidate's working directory (writable; holds all its files). */
  readonly candidateDir: string;
  /** The read-only snapshot of the problem folder (the evaluator's own files). */
  readonly problemDir: string;
  /** Instance ids to score, for problems with instances (empty otherwise). */
  readonly instances: readonly string[];
  /** For `activeData` problems: the probes acquired so far in the run, oldest first (absent otherwise). */
  readonly data?: readonly string[];
}

/** What every evaluator returns (the native protocol): only finite numbers count as metrics. */
export interface EvaluatorOutput {
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly feedback?: string;
  /** `false`: the candidate is not acceptable (status `invalid`). Default true. */
  readonly valid?: boolean;
  readonly artifacts?: Readonly<Record<string, unknown>>;
  /** For `activeData` problems: the candidate's prediction at each probe it could acquire (probe id → numbers). */
  readonly predictions?: Readonly<Record<string, readonly number[]>>;
}
