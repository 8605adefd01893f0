/**
 * Problems: what to improve, how to score it, and how to search.
 *
 * `ProblemConfig` is what a user writes in `ratchet.config.ts` (through `defineProblem`); `ResolvedProblem`
 * is the same with every default filled in, every path absolute and the seed read from disk. Only
 * `ResolvedProblem` travels inside the engine.
 */
import type { CandidateFile } from './candidate.ts';

export type Direction = 'maximize' | 'minimize';

/** Which metric is the score, and which way is better. */
export interface Objective {
  readonly metric: string;
  readonly direction: Direction;
}

/**
 * How the evaluator is run. Every kind runs in a child process inside the sandbox, with the candidate's
 * files in a fresh writable working directory and the problem's files read-only.
 *
 * - `command`: any command; it writes `{"metrics": {...}, "feedback": "...", "valid": true}` as JSON to
 *   file descriptor 3 (preferred: the candidate cannot write there) or, failing that, as the last line of
 *   stdout. Arguments may use `{candidate}` (the main candidate file), `{candidateDir}` and `{problemDir}`.
 * - `openevolve`: a Python file with `evaluate(program_path)` (and optionally `evaluate_stage1/2/3`),
 *   returning a dict of metrics or an object with `metrics` and `artifacts`.
 * - `module`: a TypeScript/JavaScript module whose export (default: `evaluate`, else the default export)
 *   is `(context) => result | Promise<result>` with the native result shape.
 */
export type EvaluatorConfig =
  | { readonly kind: 'command'; readonly command: readonly string[] }
  | {
      readonly kind: 'openevolve';
      readonly file: string;
      readonly python?: string;
      readonly cascade?: boolean;
    }
  | { readonly kind: 'module'; readonly file: string; readonly exportName?: string };

/** Resource limits for one evaluation (per process where the OS counts per process). */
export interface ResourceLimits {
  readonly cpuSeconds: number;
  readonly memoryMb: number;
  readonly maxProcesses: number;
  readonly maxFileSizeMb: number;
  readonly maxOpenFiles: number;
  /** Captured stdout and stderr are each cut to this many bytes (the rest is discarded, not buffered). */
  readonly maxOutputBytes: number;
  /**
   * Size in MB of the writable working directory and of the private `/tmp`, each (bwrap only: both are
   * size-limited tmpfs mounts; default 256). Writing more fails with "no space left on device".
   */
  readonly diskMb?: number;
}

export type SandboxKind = 'bwrap' | 'none';

export interface SandboxConfig {
  /** `bwrap` (default) isolates every evaluation; `none` runs it as a plain child process (warned once per run). */
  readonly kind: SandboxKind;
  /** Allow network access (default false: the evaluation has no network at all). */
  readonly network: boolean;
  /** Extra host paths made visible read-only (datasets, a compiler). Absolute after resolution. */
  readonly readOnlyPaths: readonly string[];
  /** Names of environment variables passed through from the engine's environment (default none). */
  readonly env: readonly string[];
  /** Fixed environment values for the evaluation. */
  readonly setEnv: Readonly<Record<string, string>>;
  readonly limits: ResourceLimits;
}

/** Stop conditions. Any that is set and reached ends the run. */
export interface Budget {
  readonly evaluations?: number;
  readonly llmCalls?: number;
  readonly tokens?: number;
  readonly costUsd?: number;
  readonly wallTimeSeconds?: number;
  /** Stop once the best score reaches this value (in the objective's direction). */
  readonly targetScore?: number;
  /** Stop after this many evaluations without a new best. */
  readonly plateauEvaluations?: number;
  /**
   * Stop after this many proposals in a row made no new candidate (failed, duplicate or rejected).
   * Default: max(30, 5 × LLM concurrency) — a run whose every proposal fails must not spin forever.
   */
  readonly consecutiveFailures?: number;
}

/** One model of the proposer ensemble. */
export interface ModelSpec {
  /** `mutate`, `openai:<model>`, `anthropic:<model>`, `ollama:<model>`, `compatible:<model>@<baseURL>`. */
  readonly model: string;
  /** Relative sampling weight in an ensemble (default 1). */
  readonly weight: number;
  readonly temperature?: number;
  readonly maxOutputTokens?: number;
}

/** Price of a model in US dollars per million tokens. */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

export type EditFormat = 'diff' | 'rewrite';

export interface PromptConfig {
  /** System message; the built-in one describes the edit format. */
  readonly system?: string;
  /** A user-message template with `{{placeholders}}` (see `llm/prompt-template.ts`); replaces the built-in one. */
  readonly template?: string;
  /** How many other good candidates to show (default 2). */
  readonly inspirations: number;
  /** How many recent attempts (with their outcome and reason) to show (default 4). */
  readonly recentAttempts: number;
  /** Cap on the feedback text shown per candidate, in characters (default 4000). */
  readonly maxFeedbackChars: number;
}

export interface StrategyConfig {
  readonly name: string;
  /** Strategy-specific options, validated by the strategy. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface ConcurrencyConfig {
  /** Proposals (LLM calls) in flight at once. */
  readonly llm: number;
  /** Evaluations in flight at once. */
  readonly evaluations: number;
}

/** The instances of a problem, split up front; the splits are disjoint (checked at load). */
export interface InstanceSplits {
  /** What the loop optimises against: every candidate's main evaluation scores these. */
  readonly optimize: readonly string[];
  /** Held out from the loop: a paired test on these decides promotions. */
  readonly validate: readonly string[];
  /** Held out from everything: scored once per promotion, for reporting only. */
  readonly confirm: readonly string[];
}

/** A static check on the main file, run before a candidate can be promoted. */
export interface StaticCheck {
  readonly name: string;
  /** A regular expression that must NOT match the main file. */
  readonly forbid?: string;
  /** A regular expression that MUST match the main file. */
  readonly require?: string;
}

/** What a candidate must pass to become the champion. */
export interface GateConfig {
  readonly staticChecks: readonly StaticCheck[];
  /** Minimum improvement over the champion's optimize score (in the objective's direction; default 0). */
  readonly minImprovement: number;
  /** Paired test on `validate` against the champion: `sign` (default) or `bootstrap`. */
  readonly test: 'sign' | 'bootstrap';
  /** Per-instance margin the candidate must beat the champion by (default 0). */
  readonly margin: number;
  /** Confidence of the paired test (default 0.9). */
  readonly confidence: number;
  /** Stop the run after this many consecutive discards (default: never). */
  readonly maxConsecutiveDiscards?: number;
}

/**
 * Active data acquisition (LLM-ACES): the evaluator reports, for every data point the problem could
 * acquire (a "probe"), what the candidate predicts there (`predictions`); every `every` scored main evaluations
 * on the current data, the engine compares the predictions of the `committee` best candidates scored on
 * that data, acquires the probe where they disagree most (the largest summed variance), and records it
 * as a `problem-data` event. Every later evaluation receives the acquired probe ids (`context.data`,
 * `RATCHET_DATA`), and the evaluator adds the data they stand for.
 */
export interface ActiveDataConfig {
  /** Scored main evaluations on the current data between two acquisitions. */
  readonly every: number;
  /** How many of the best candidates (scored on the current data) are compared (default 3, at least 2). */
  readonly committee: number;
  /** Stop acquiring after this many (default: until no probe is left). */
  readonly maxAcquisitions?: number;
}

/** A problem with every default resolved. Serialisable: it is recorded in the `run-start` event. */
export interface ResolvedProblem {
  readonly name: string;
  /** Absolute path of the problem folder. */
  readonly dir: string;
  /** The file it was loaded from (`ratchet.config.ts`, `config.yaml`, or none). */
  readonly configFile: string | null;
  readonly description: string;
  readonly seed: readonly CandidateFile[];
  /** The candidate file that proposals edit and that `{candidate}` names. */
  readonly mainFile: string;
  /** The language of the main file for prompts and fences (`python`, `typescript`, …). */
  readonly language: string;
  readonly evaluator: EvaluatorConfig;
  readonly objective: Objective;
  readonly timeoutSeconds: number;
  readonly sandbox: SandboxConfig;
  readonly strategy: StrategyConfig;
  readonly models: readonly ModelSpec[];
  readonly prices: Readonly<Record<string, ModelPrice>>;
  readonly budget: Budget;
  readonly concurrency: ConcurrencyConfig;
  readonly prompt: PromptConfig;
  readonly edits: EditFormat;
  /** Messages about the loading (ignored keys of a foreign config, defaults worth knowing). */
  readonly warnings: readonly string[];
  /** Evaluate every candidate this many times (default 1); the score is the mean, with its standard error. */
  readonly repeats?: number;
  /**
   * With `repeats`: select on the `mean` (default) or on the pessimistic end of the 95% interval
   * (`lower-bound`: mean − 1.96 SE when maximizing), so that a lucky noisy evaluation does not win.
   */
  readonly selectOn?: 'mean' | 'lower-bound';
  /** The evaluator claims to be deterministic: repeats whose scores disagree are flagged in the result. */
  readonly deterministic?: boolean;
  /**
   * Cascade thresholds, one per stage boundary: stage i+1 runs only when stage i's score (the objective
   * metric, else `combined_score`, else the mean of the numeric metrics) reaches `cascadeThresholds[i]`
   * (for a minimized objective: stays at or below it). Default OpenEvolve's `[0.5, 0.75, 0.9]`.
   */
  readonly cascadeThresholds?: readonly number[];
  /** Deliberately broken candidates for `ratchet check-evaluator` (see `EvaluatorCheck`). */
  readonly checks?: readonly EvaluatorCheck[];
  /**
   * Labels a remote worker must declare to run this problem's evaluations (`ratchet worker --labels`);
   * sorted, without duplicates. Ignored by the local executor. Absent: any worker may run them.
   */
  readonly labels?: readonly string[];
  /** Instances and their splits, for problems whose evaluator scores instances. */
  readonly instances?: InstanceSplits;
  /** Promotion gates. Present when the problem declares `gates` or a `validate` split. */
  readonly gates?: GateConfig;
  /**
   * A critic model that reads every evaluated candidate and writes a short diagnosis (`critique-end`
   * events), fed by strategies such as `tree` into later expansions of that branch.
   */
  readonly critic?: { readonly model: string; readonly maxChars: number };
  /** Active data acquisition; absent: the data never changes during a run. */
  readonly activeData?: ActiveDataConfig;
}

/** Built-in generators of broken candidates, derived from the seed's main file. */
export type BrokenCandidateGenerator =
  | 'syntax-error'
  | 'raises-error'
  | 'empty-file'
  | 'claims-huge-score'
  | 'hangs';

/** One text replacement applied to the seed's main file (exact match, first occurrence). */
export interface CheckEdit {
  readonly search: string;
  readonly replace: string;
}

/**
 * A deliberately broken candidate that the evaluator must NOT score: exactly one of `file` (an absolute path
 * to a replacement for the main file), `generator` (built-in) or `edits` (replacements in the seed's main file).
 */
export interface EvaluatorCheck {
  readonly name: string;
  readonly description?: string;
  readonly file?: string;
  readonly generator?: BrokenCandidateGenerator;
  readonly edits?: readonly CheckEdit[];
  /**
   * What the evaluator must do with it: `reject` (default: any status but `scored`), or — for a candidate
   * whose output is valid but that claims a better score than it has — score it `no-better-than-seed`.
   */
  readonly expect?: 'reject' | 'no-better-than-seed';
}
