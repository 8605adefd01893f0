/**
 * `compareStrategies`: every strategy × every seed at the same evaluation budget (the baselines `sample`
 * and `refine` always included), each a normal recorded run labelled with the comparison, then per
 * strategy: the best score's mean and 95% t-interval, how many evaluations it took to reach a threshold,
 * failed proposals and cost. The CLI's `ratchet compare` prints it.
 */
import { randomBytes } from 'node:crypto';
import { loadProblem, type ProblemOverrides } from '../config/load-problem.ts';
import { badInput } from '../core/errors.ts';
import { projectRun } from '../core/run-state.ts';
import type { RunSummary } from '../core/run-summary.ts';
import { type Interval, median, tInterval } from '../core/statistics.ts';
import type { Objective, ResolvedProblem, StrategyConfig } from '../spec/problem.ts';
import { openSqliteEventStore } from '../store/sqlite-event-store.ts';
import { baselineStrategies, findStrategy, strategyNames } from '../strategies/index.ts';
import type { EngineOptions } from './engine-parts.ts';
import { startRun } from './run.ts';

/** What to compare, and how every run is set up. */
export interface CompareOptions extends EngineOptions {
  /** Strategy specs: `name`, or `name:key=value+key=value` (values parsed as JSON when they can be). */
  readonly strategies: readonly string[];
  /** Seeds per strategy: 0 … seeds − 1. */
  readonly seeds: number;
  readonly maxEvaluations: number;
  readonly models?: readonly string[];
  /** Score to reach (default: see `defaultThreshold`). */
  readonly threshold?: number;
  readonly store?: string;
  /** Other settings for every run (sandbox, concurrency, timeout). */
  readonly overrides?: Omit<ProblemOverrides, 'strategy' | 'budget' | 'models'>;
  readonly signal?: AbortSignal;
  /** Called after every run. */
  readonly onRun?: (run: CompareRun, done: number, total: number) => void;
}

/** One run of the comparison. */
export interface CompareRun {
  readonly strategy: string;
  readonly seed: number;
  readonly runId: string;
  readonly status: RunSummary['status'];
  readonly seedScore: number | null;
  readonly bestScore: number | null;
  readonly evaluations: number;
  /** Evaluation number at which the threshold was first reached, or null. */
  readonly evaluationsToThreshold: number | null;
  readonly failedProposals: number;
  readonly costUsd: number;
}

/** One strategy’s line of the table. */
export interface CompareRow {
  readonly strategy: string;
  readonly baseline: boolean;
  readonly runs: number;
  readonly best: Interval;
  /** Runs that reached the threshold, and the median evaluations they needed. */
  readonly reached: number;
  readonly medianEvaluationsToThreshold: number | null;
  readonly failedProposals: number;
  readonly costUsd: number;
  /** `better` / `worse`: the interval lies entirely beyond every baseline's; `overlaps` otherwise. */
  readonly versusBaselines: 'better' | 'worse' | 'overlaps' | null;
}

/** The whole comparison (`ratchet compare --json`). */
export interface CompareResult {
  readonly comparison: string;
  readonly problem: string;
  readonly objective: Objective;
  readonly models: readonly string[];
  readonly seeds: number;
  readonly maxEvaluations: number;
  readonly threshold: number | null;
  readonly thresholdRule: string;
  readonly storeDir: string;
  readonly runs: readonly CompareRun[];
  readonly rows: readonly CompareRow[];
}

/** Parses `name` or `name:key=value+key=value` into a strategy config, validated by the strategy. */
export function parseStrategySpec(spec: string): StrategyConfig {
  const [name = '', rest] = spec.split(/:(.*)/s, 2);
  const strategy = findStrategy(name.trim());
  if (strategy === undefined)
    throw badInput(`unknown strategy "${name}"`, {
      field: '--strategies',
      hint: `choose from: ${strategyNames().join(', ')}`,
    });
  const options: Record<string, unknown> = {};
  for (const pair of (rest ?? '').split('+').filter((part) => part.trim() !== '')) {
    const [key = '', value = ''] = pair.split(/=(.*)/s, 2);
    try {
      options[key.trim()] = JSON.parse(value);
    } catch {
      options[key.trim()] = value;
    }
  }
  const parsed = strategy.parseOptions(options);
  if (!parsed.ok)
    throw badInput(`strategy ${spec}: ${parsed.issues.join('; ')}`, {
      field: '--strategies',
      hint: 'see `ratchet strategies`',
    });
  return { name: strategy.name, options };
}

/**
 * Default threshold: the seed's score moved by half the median improvement (best − seed, in the objective's
 * direction) over all runs of the comparison — "half of what a typical run achieves". When the median
 * improvement is zero, any improvement on the seed counts.
 */
export function defaultThreshold(runs: readonly CompareRun[], objective: Objective): number | null {
  const sign = objective.direction === 'maximize' ? 1 : -1;
  const seed = runs.find((run) => run.seedScore !== null)?.seedScore ?? null;
  if (seed === null) return null;
  const gains = runs.map((run) => (run.bestScore === null ? 0 : sign * (run.bestScore - seed)));
  return seed + sign * Math.max(0, median(gains) / 2);
}

export async function compareStrategies(target: string, options: CompareOptions): Promise<CompareResult> {
  if (!Number.isInteger(options.seeds) || options.seeds < 1)
    throw badInput('seeds must be at least 1', { field: '--seeds' });
  const specs = [
    ...baselineStrategies,
    ...options.strategies.filter((spec) => !(baselineStrategies as readonly string[]).includes(spec)),
  ];
  const configs = specs.map((spec) => ({ label: spec, config: parseStrategySpec(spec) }));
  const { problem: base } = await loadProblem(target, {
    ...options.overrides,
    ...(options.models === undefined ? {} : { models: options.models }),
  });
  // every run repeats the same loading warnings: pass each on once
  const warned = new Set<string>();
  const onWarning = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    options.onWarning?.(message);
  };
  const comparison = `compare-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
  const runs: CompareRun[] = [];
  let storeDir = '';
  const total = configs.length * options.seeds;
  for (const { label, config } of configs) {
    for (let seed = 0; seed < options.seeds; seed++) {
      if (options.signal?.aborted === true) break;
      const problem: ResolvedProblem = {
        ...base,
        strategy: config,
        budget: { evaluations: options.maxEvaluations },
      };
      const handle = await startRun(problem, {
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        onWarning,
        ...(options.executor === undefined ? {} : { executor: options.executor }),
        seed,
        runId: `${comparison}-${label.replace(/[^a-z0-9]+/gi, '-')}-s${seed}`,
        labels: { compare: comparison, strategy: label, seed: String(seed) },
        ...(options.store === undefined ? {} : { store: options.store }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      storeDir = handle.storeDir;
      const summary = await handle.summary;
      runs.push({
        strategy: label,
        seed,
        runId: summary.runId,
        status: summary.status,
        seedScore: summary.seedScore,
        bestScore: summary.best?.score ?? null,
        evaluations: summary.evaluations,
        evaluationsToThreshold: null,
        failedProposals: summary.failedProposals,
        costUsd: summary.costUsd,
      });
      options.onRun?.(runs.at(-1) as CompareRun, runs.length, total);
    }
  }
  const threshold = options.threshold ?? defaultThreshold(runs, base.objective);
  const withThreshold = threshold === null ? runs : fillThreshold(runs, storeDir, threshold, base.objective);
  return {
    comparison,
    problem: base.name,
    objective: base.objective,
    models: base.models.map((model) => model.model),
    seeds: options.seeds,
    maxEvaluations: options.maxEvaluations,
    threshold,
    thresholdRule:
      options.threshold !== undefined
        ? 'given'
        : 'seed score moved by half the median improvement over all runs (any improvement when that is zero)',
    storeDir,
    runs: withThreshold,
    rows: summarize(
      withThreshold,
      configs.map((entry) => entry.label),
      base.objective,
    ),
  };
}

/** Reads each run's log for the evaluation number at which the threshold was first reached. */
function fillThreshold(
  runs: readonly CompareRun[],
  storeDir: string,
  threshold: number,
  objective: Objective,
): CompareRun[] {
  const sign = objective.direction === 'maximize' ? 1 : -1;
  const store = openSqliteEventStore(storeDir);
  try {
    return runs.map((run) => {
      const state = projectRun(store.iterate(run.runId));
      const seedFitness = sign * (run.seedScore ?? Number.NEGATIVE_INFINITY * sign);
      const hit = state.scored.find((record) => {
        const fitness = sign * (record.evaluation?.score as number);
        return fitness >= sign * threshold && fitness > seedFitness;
      });
      return { ...run, evaluationsToThreshold: hit?.evaluationNumber ?? null };
    });
  } finally {
    store.close();
  }
}

function summarize(
  runs: readonly CompareRun[],
  labels: readonly string[],
  objective: Objective,
): CompareRow[] {
  const sign = objective.direction === 'maximize' ? 1 : -1;
  const rows = labels.map((label) => {
    const mine = runs.filter((run) => run.strategy === label);
    const bests = mine.map((run) => run.bestScore).filter((score): score is number => score !== null);
    const reached = mine
      .map((run) => run.evaluationsToThreshold)
      .filter((count): count is number => count !== null);
    return {
      strategy: label,
      baseline: (baselineStrategies as readonly string[]).includes(label),
      runs: mine.length,
      best: tInterval(bests),
      reached: reached.length,
      medianEvaluationsToThreshold: reached.length === 0 ? null : median(reached),
      failedProposals: mine.reduce((sum, run) => sum + run.failedProposals, 0) / Math.max(1, mine.length),
      costUsd: mine.reduce((sum, run) => sum + run.costUsd, 0) / Math.max(1, mine.length),
    };
  });
  const baselines = rows.filter((row) => row.baseline);
  return rows.map((row) => {
    if (row.baseline || baselines.length === 0) return { ...row, versusBaselines: null };
    const [low, high] = sign > 0 ? [row.best.low, row.best.high] : [-row.best.high, -row.best.low];
    const beyond = baselines.every((baseline) => low > (sign > 0 ? baseline.best.high : -baseline.best.low));
    const below = baselines.every((baseline) => high < (sign > 0 ? baseline.best.low : -baseline.best.high));
    return { ...row, versusBaselines: beyond ? 'better' : below ? 'worse' : 'overlaps' };
  });
}
