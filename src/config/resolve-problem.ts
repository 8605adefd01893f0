/**
 * ProblemConfig → ResolvedProblem: defaults filled once, paths made absolute, seed files read, the
 * strategy's options validated by the strategy itself. Every error names the file and the key.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { badInput } from '../core/errors.ts';
import type {
  Budget,
  EvaluatorConfig,
  ModelSpec,
  ResolvedProblem,
  ResourceLimits,
  SandboxConfig,
  StrategyConfig,
} from '../spec/problem.ts';
import type { ModelInput, ProblemConfig } from '../spec/problem-config.ts';
import { findStrategy, strategyNames } from '../strategies/index.ts';
import { languageOf } from './language.ts';
import { resolveGates, resolveInstances } from './resolve-instances.ts';

export const defaultLimits: ResourceLimits = {
  cpuSeconds: 600,
  memoryMb: 8192,
  maxProcesses: 512,
  maxFileSizeMb: 256,
  maxOpenFiles: 1024,
  maxOutputBytes: 1 << 20,
};

/** Applied when a problem sets no stop condition at all. */
export const defaultEvaluationBudget = 100;

const modelPattern =
  /^(mutate|local(:.+)?|(openai|anthropic|ollama):[^\s]+|compatible:[^\s@]+@https?:\/\/\S+)$/;

export interface ResolveContext {
  /** The problem folder. */
  readonly dir: string;
  /** The file the config came from (for messages), or null. */
  readonly configFile: string | null;
  /** Warnings gathered while loading (e.g. ignored keys of a foreign config). */
  readonly warnings?: readonly string[];
}

export function resolveProblem(config: ProblemConfig, context: ResolveContext): ResolvedProblem {
  const file = context.configFile ?? context.dir;
  const warnings = [...(context.warnings ?? [])];
  const fail = (field: string, message: string, hint?: string): never => {
    throw badInput(message, { file, field, ...(hint === undefined ? {} : { hint }) });
  };
  const inside = (relative: string, field: string): string => {
    const absolute = path.resolve(context.dir, relative);
    if (!existsSync(absolute))
      fail(
        field,
        `file not found: ${relative} (looked in ${context.dir})`,
        'fix the path; it is relative to the problem folder',
      );
    return absolute;
  };

  const seedPaths = typeof config.seed === 'string' ? [config.seed] : [...config.seed];
  const seed = seedPaths.map((relative, index) => {
    const field = typeof config.seed === 'string' ? 'seed' : `seed.${index}`;
    const absolute = inside(relative, field);
    if (!statSync(absolute).isFile()) fail(field, `${relative} is not a file`);
    return { path: toPosix(path.relative(context.dir, absolute)), content: readFileSync(absolute, 'utf8') };
  });
  const mainFile = config.mainFile ?? (seed[0] as { path: string }).path;
  if (!seed.some((entry) => entry.path === mainFile)) {
    fail(
      'mainFile',
      `${mainFile} is not one of the seed files (${seed.map((entry) => entry.path).join(', ')})`,
    );
  }

  let description = config.description ?? '';
  if (config.descriptionFile !== undefined) {
    description = readFileSync(inside(config.descriptionFile, 'descriptionFile'), 'utf8');
  }
  if (description.trim() === '')
    warnings.push('no description: the prompt will show only the code and its scores');

  const evaluator = resolveEvaluator(config.evaluator, inside, fail);
  const objective =
    config.objective === undefined
      ? { metric: 'combined_score', direction: 'maximize' as const }
      : typeof config.objective === 'string'
        ? { metric: config.objective, direction: 'maximize' as const }
        : { metric: config.objective.metric, direction: config.objective.direction ?? 'maximize' };

  const models = resolveModels(config.model, fail);
  const strategy = resolveStrategy(config.strategy, fail);
  const budget = resolveBudget(config.budget, warnings);
  const timeoutSeconds = config.timeoutSeconds ?? 60;
  const instances = resolveInstances(config.instances, context.dir, fail);
  const gates = resolveGates(config.gates, instances);

  return {
    name: config.name ?? path.basename(context.dir),
    dir: context.dir,
    configFile: context.configFile,
    description,
    seed,
    mainFile,
    language: config.language ?? languageOf(mainFile),
    evaluator,
    objective,
    timeoutSeconds,
    sandbox: resolveSandbox(config.sandbox, context.dir, timeoutSeconds),
    strategy,
    models,
    prices: config.prices ?? {},
    budget,
    concurrency: { llm: config.concurrency?.llm ?? 4, evaluations: config.concurrency?.evaluations ?? 2 },
    prompt: {
      ...(config.prompt?.system === undefined ? {} : { system: config.prompt.system }),
      ...(config.prompt?.template === undefined ? {} : { template: config.prompt.template }),
      inspirations: config.prompt?.inspirations ?? 2,
      recentAttempts: config.prompt?.recentAttempts ?? 4,
      maxFeedbackChars: config.prompt?.maxFeedbackChars ?? 4000,
    },
    edits: config.edits ?? 'diff',
    warnings,
    ...(config.repeats === undefined ? {} : { repeats: config.repeats }),
    ...(config.deterministic === undefined ? {} : { deterministic: config.deterministic }),
    ...(config.selectOn === undefined ? {} : { selectOn: config.selectOn }),
    ...(config.cascadeThresholds === undefined ? {} : { cascadeThresholds: config.cascadeThresholds }),
    ...(config.labels === undefined || config.labels.length === 0
      ? {}
      : { labels: [...new Set(config.labels)].sort() }),
    ...(instances === undefined ? {} : { instances }),
    ...(gates === undefined ? {} : { gates }),
    ...(config.critic === undefined ? {} : { critic: resolveCritic(config.critic, fail) }),
    ...(config.activeData === undefined ? {} : { activeData: { committee: 3, ...config.activeData } }),
    ...(config.checks === undefined
      ? {}
      : {
          checks: config.checks.map((check, index) =>
            check.file === undefined ? check : { ...check, file: inside(check.file, `checks.${index}.file`) },
          ),
        }),
  };
}

type Fail = (field: string, message: string, hint?: string) => never;

function resolveEvaluator(
  input: ProblemConfig['evaluator'],
  inside: (relative: string, field: string) => string,
  fail: Fail,
): EvaluatorConfig {
  if (typeof input === 'string') {
    inside(input, 'evaluator');
    if (input.endsWith('.py')) return { kind: 'openevolve', file: input };
    if (/\.(m?ts|m?js)$/.test(input)) return { kind: 'module', file: input };
    return fail(
      'evaluator',
      `cannot tell how to run ${input}`,
      "use a .py or .ts/.js file, or { command: ['prog', 'arg'] }",
    );
  }
  if ('command' in input) return { kind: 'command', command: input.command };
  if ('openevolve' in input) {
    inside(input.openevolve, 'evaluator.openevolve');
    return {
      kind: 'openevolve',
      file: input.openevolve,
      ...(input.python === undefined ? {} : { python: input.python }),
      ...(input.cascade === undefined ? {} : { cascade: input.cascade }),
    };
  }
  inside(input.module, 'evaluator.module');
  return {
    kind: 'module',
    file: input.module,
    ...(input.export === undefined ? {} : { exportName: input.export }),
  };
}

/** Parses a model input list into specs; exported for the CLI's `--model`. */
export function resolveModels(input: ProblemConfig['model'], fail: Fail): ModelSpec[] {
  const list: readonly ModelInput[] =
    input === undefined ? ['mutate'] : Array.isArray(input) ? input : [input as ModelInput];
  return list.map((entry, index) => {
    const spec = typeof entry === 'string' ? { model: entry } : entry;
    const field = Array.isArray(input) ? `model.${index}` : 'model';
    if (!modelPattern.test(spec.model)) {
      fail(
        field,
        `unknown model string "${spec.model}"`,
        'use mutate, openai:<model>, anthropic:<model>, ollama:<model>, compatible:<model>@<baseURL> or local',
      );
    }
    return {
      model: spec.model,
      weight: spec.weight ?? 1,
      ...(spec.temperature === undefined ? {} : { temperature: spec.temperature }),
      ...(spec.maxOutputTokens === undefined ? {} : { maxOutputTokens: spec.maxOutputTokens }),
    };
  });
}

/** Validates a strategy name and options with the strategy's own parser; exported for `--strategy`. */
export function resolveStrategy(input: ProblemConfig['strategy'], fail: Fail): StrategyConfig {
  const { name, ...options } = typeof input === 'string' ? { name: input } : (input ?? { name: 'refine' });
  const strategy = findStrategy(name);
  if (strategy === undefined) {
    return fail('strategy', `unknown strategy "${name}"`, `choose one of: ${strategyNames().join(', ')}`);
  }
  const parsed = strategy.parseOptions(options);
  if (!parsed.ok)
    return fail(
      `strategy (${name})`,
      parsed.issues.join('; '),
      `see the options of ${name} in docs/strategies.md`,
    );
  return { name, options };
}

function resolveCritic(
  input: NonNullable<ProblemConfig['critic']>,
  fail: Fail,
): { model: string; maxChars: number } {
  const { model, maxChars } = typeof input === 'string' ? { model: input, maxChars: undefined } : input;
  const [spec] = resolveModels([model], (_field, message, hint) => fail('critic', message, hint));
  return { model: (spec as ModelSpec).model, maxChars: maxChars ?? 1500 };
}

function resolveBudget(input: Budget | undefined, warnings: string[]): Budget {
  const budget = input ?? {};
  const hasStop = Object.values(budget).some((value) => value !== undefined);
  if (hasStop) return budget;
  warnings.push(`no budget set: stopping after ${defaultEvaluationBudget} evaluations`);
  return { ...budget, evaluations: defaultEvaluationBudget };
}

function resolveSandbox(input: ProblemConfig['sandbox'], dir: string, timeoutSeconds: number): SandboxConfig {
  const settings = typeof input === 'string' ? { kind: input } : (input ?? {});
  return {
    kind: settings.kind ?? 'bwrap',
    network: settings.network ?? false,
    readOnlyPaths: (settings.readOnlyPaths ?? []).map((entry) => path.resolve(dir, entry)),
    env: settings.env ?? [],
    setEnv: settings.setEnv ?? {},
    limits: {
      ...defaultLimits,
      cpuSeconds: Math.max(defaultLimits.cpuSeconds, timeoutSeconds * 2),
      ...settings.limits,
    },
  };
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}
