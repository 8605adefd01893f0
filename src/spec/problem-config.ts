/**
 * What a user writes in `ratchet.config.ts`:
 *
 * ```ts
 * import { defineProblem } from 'ratchet';
 * export default defineProblem({
 *   description: 'Pack 26 circles in the unit square, maximising the sum of radii.',
 *   seed: 'initial_program.py',
 *   evaluator: 'evaluator.py',
 *   objective: { metric: 'sum_radii', direction: 'maximize' },
 *   budget: { evaluations: 100 },
 * });
 * ```
 *
 * Every field is optional except `seed` and `evaluator`; `config/resolve-problem.ts` fills the defaults and
 * rejects unknown keys, naming the file and the key path.
 */
import type {
  ActiveDataConfig,
  Budget,
  Direction,
  EditFormat,
  EvaluatorCheck,
  GateConfig,
  ModelPrice,
  PromptConfig,
  ResourceLimits,
  SandboxKind,
} from './problem.ts';

/**
 * - a path ending in `.py`: an OpenEvolve-style `evaluate(program_path)` file;
 * - a path ending in `.ts`, `.mts`, `.js` or `.mjs`: a module exporting `evaluate`;
 * - `{ command: [...] }`: any command speaking the native JSON protocol.
 */
export type EvaluatorInput =
  | string
  | { readonly command: readonly string[] }
  | { readonly openevolve: string; readonly python?: string; readonly cascade?: boolean }
  | { readonly module: string; readonly export?: string };

export type ModelInput =
  | string
  | {
      readonly model: string;
      readonly weight?: number;
      readonly temperature?: number;
      readonly maxOutputTokens?: number;
    };

export interface SandboxInput {
  readonly kind?: SandboxKind;
  readonly network?: boolean;
  readonly readOnlyPaths?: readonly string[];
  readonly env?: readonly string[];
  readonly setEnv?: Readonly<Record<string, string>>;
  readonly limits?: Partial<ResourceLimits>;
}

export interface ProblemConfig {
  /** Defaults to the folder's name. */
  readonly name?: string;
  /** What to improve, for the prompt. Or `descriptionFile`. */
  readonly description?: string;
  readonly descriptionFile?: string;
  /** The seed candidate's files, relative to the problem folder; the first is the main file. */
  readonly seed: string | readonly string[];
  /** The file proposals edit (default: the first seed file). */
  readonly mainFile?: string;
  /** Language name for prompts (default: from the main file's extension). */
  readonly language?: string;
  readonly evaluator: EvaluatorInput;
  /** A metric name (maximized) or `{ metric, direction }`. Default `combined_score`, maximized. */
  readonly objective?: string | { readonly metric: string; readonly direction?: Direction };
  /** Hard limit per evaluation, in seconds (default 60). */
  readonly timeoutSeconds?: number;
  /** `'bwrap'` (default), `'none'`, or detailed settings. */
  readonly sandbox?: SandboxKind | SandboxInput;
  /** A strategy name, or `{ name, ...options }` (default `refine`). */
  readonly strategy?: string | ({ readonly name: string } & Readonly<Record<string, unknown>>);
  /** One model string, or an ensemble (default `mutate`). */
  readonly model?: ModelInput | readonly ModelInput[];
  /** Extra or overriding prices, by model string. */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
  readonly budget?: Budget;
  readonly concurrency?: { readonly llm?: number; readonly evaluations?: number };
  readonly prompt?: Partial<PromptConfig>;
  /** `diff` (SEARCH/REPLACE blocks, default) or `rewrite` (whole file). */
  readonly edits?: EditFormat;
  /** Evaluate every candidate this many times; the score is the mean (default 1). */
  readonly repeats?: number;
  /** With `repeats`: select on the `mean` (default) or the pessimistic `lower-bound` of the 95% interval. */
  readonly selectOn?: 'mean' | 'lower-bound';
  /** Declare the evaluator deterministic: repeats that disagree are flagged. */
  readonly deterministic?: boolean;
  /** Cascade thresholds between stages (OpenEvolve `evaluate_stage1/2/3`; default [0.5, 0.75, 0.9]). */
  readonly cascadeThresholds?: readonly number[];
  /** Deliberately broken candidates `ratchet check-evaluator` must see rejected; `file` is relative to the folder. */
  readonly checks?: readonly EvaluatorCheck[];
  /** Labels a remote worker must declare to run this problem's evaluations, e.g. `['gpu']` (default none). */
  readonly labels?: readonly string[];
  /**
   * Instances split into `optimize` (the loop's data), `validate` (held out; decides promotions) and
   * `confirm` (held out; scored once per promotion, for reporting). Ids, or a JSON file with the same shape.
   */
  readonly instances?:
    | {
        readonly optimize: readonly string[];
        readonly validate?: readonly string[];
        readonly confirm?: readonly string[];
      }
    | { readonly file: string };
  /** A critic model (a model string, or `{ model, maxChars }`): a short diagnosis of every evaluated candidate. */
  readonly critic?: string | { readonly model: string; readonly maxChars?: number };
  /** Promotion gates (see `GateConfig`); any of its keys, defaults filled. */
  readonly gates?: Partial<GateConfig>;
  /**
   * Active data acquisition (see `ActiveDataConfig`): `every` is required, `committee` defaults to 3.
   * The evaluator must return `predictions` for the probes it can acquire, and read the acquired ones from
   * `context.data` (or `RATCHET_DATA`).
   */
  readonly activeData?: Partial<ActiveDataConfig> & { readonly every: number };
}
