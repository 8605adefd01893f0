/**
 * Option parsers and shared option sets for the CLI verbs.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { ProblemOverrides } from '../config/load-problem.ts';
import type { Executor } from '../spec/executor.ts';
import type { Budget, SandboxKind } from '../spec/problem.ts';

export const storeHelp =
  'event store folder (default for run/evaluate: .ratchet/ in the problem folder; for the other verbs: .ratchet/ in the current folder)';

export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected an integer ≥ 0');
  return parsed;
}

export function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive number');
  return parsed;
}

export function finiteNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('expected a number');
  return parsed;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  ];
}

function sandboxKind(value: string): SandboxKind {
  if (value !== 'bwrap' && value !== 'none') throw new InvalidArgumentError("expected 'bwrap' or 'none'");
  return value;
}

/** Budget flags shared by `run` and `resume`. */
export function addBudgetOptions(command: Command): Command {
  return command
    .option('--max-evaluations <n>', 'stop after N evaluations', positiveInteger)
    .option('--max-llm-calls <n>', 'stop after N LLM calls', positiveInteger)
    .option('--max-tokens <n>', 'stop after N tokens (input + output)', positiveInteger)
    .option('--max-cost <usd>', 'stop after spending this many US dollars', positiveNumber)
    .option('--max-time <seconds>', 'stop after this much wall time', positiveNumber)
    .option('--target <score>', 'stop when the best score reaches this value', finiteNumber)
    .option('--plateau <n>', 'stop after N evaluations without a new best', positiveInteger);
}

export interface BudgetFlags {
  maxEvaluations?: number;
  maxLlmCalls?: number;
  maxTokens?: number;
  maxCost?: number;
  maxTime?: number;
  target?: number;
  plateau?: number;
}

export function budgetFrom(flags: BudgetFlags): Budget | undefined {
  const budget: Budget = {
    ...(flags.maxEvaluations === undefined ? {} : { evaluations: flags.maxEvaluations }),
    ...(flags.maxLlmCalls === undefined ? {} : { llmCalls: flags.maxLlmCalls }),
    ...(flags.maxTokens === undefined ? {} : { tokens: flags.maxTokens }),
    ...(flags.maxCost === undefined ? {} : { costUsd: flags.maxCost }),
    ...(flags.maxTime === undefined ? {} : { wallTimeSeconds: flags.maxTime }),
    ...(flags.target === undefined ? {} : { targetScore: flags.target }),
    ...(flags.plateau === undefined ? {} : { plateauEvaluations: flags.plateau }),
  };
  return Object.keys(budget).length === 0 ? undefined : budget;
}

/** Flags that override the problem's own settings (`run`, `evaluate`, `compare`). */
export function addProblemOptions(command: Command): Command {
  return command
    .option(
      '--model <model>',
      'model string(s), comma-separated or repeated (mutate, openai:…, anthropic:…, ollama:…, compatible:M@URL)',
      collect,
    )
    .option('--strategy <name>', 'search strategy (see `ratchet strategies`)')
    .option(
      '--critic <model>',
      'a critic model that diagnoses every evaluated candidate (fed into tree search)',
    )
    .option('--sandbox <kind>', "'bwrap' (default) or 'none' (no isolation: trusted code only)", sandboxKind)
    .option('--timeout <seconds>', 'time limit per evaluation', positiveNumber)
    .option('--llm-concurrency <n>', 'proposals (LLM calls) in flight at once', positiveInteger)
    .option('--eval-concurrency <n>', 'evaluations in flight at once', positiveInteger);
}

export interface ProblemFlags extends BudgetFlags {
  model?: string[];
  strategy?: string;
  critic?: string;
  sandbox?: SandboxKind;
  timeout?: number;
  llmConcurrency?: number;
  evalConcurrency?: number;
}

export function overridesFrom(flags: ProblemFlags): ProblemOverrides {
  const budget = budgetFrom(flags);
  const concurrency = {
    ...(flags.llmConcurrency === undefined ? {} : { llm: flags.llmConcurrency }),
    ...(flags.evalConcurrency === undefined ? {} : { evaluations: flags.evalConcurrency }),
  };
  return {
    ...(flags.model === undefined ? {} : { models: flags.model }),
    ...(flags.strategy === undefined ? {} : { strategy: flags.strategy }),
    ...(flags.critic === undefined ? {} : { critic: flags.critic }),
    ...(flags.sandbox === undefined ? {} : { sandbox: flags.sandbox }),
    ...(flags.timeout === undefined ? {} : { timeoutSeconds: flags.timeout }),
    ...(Object.keys(concurrency).length === 0 ? {} : { concurrency }),
    ...(budget === undefined ? {} : { budget }),
  };
}

/** Help of `--executor` (run, resume): evaluations go to `ratchet worker` processes (docs/distributed.md). */
export const executorHelp =
  'send evaluations to `ratchet worker` processes through Redis: redis://[user:password@]host[:port][/db], or rediss:// for TLS';

/** The executor a `--executor` URL asks for; connects now, so an unreachable Redis is a clear error. */
export async function executorFrom(
  url: string | undefined,
  onNotice: (message: string) => void,
): Promise<{ executor?: Executor }> {
  if (url === undefined) return {};
  const { createQueueExecutor } = await import('../distributed/queue-executor.ts');
  return { executor: await createQueueExecutor({ url, onNotice }) };
}
