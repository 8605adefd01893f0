/**
 * Assembles the parts a run needs from a resolved problem: the sandbox, the evaluator bundle, the
 * executor, the proposers and the LLM clients. Shared by `run`, `resume` and `evaluate`.
 */
import path from 'node:path';
import type { NoveltyOptions } from '../core/novelty.ts';
import type { ControllerDependencies } from '../core/run-controller.ts';
import { createBundle } from '../evaluators/bundle.ts';
import { createLocalExecutor } from '../evaluators/local-executor.ts';
import { createProposer } from '../llm/create-proposer.ts';
import { critiqueCandidate } from '../llm/critic.ts';
import { costOf, priceFor, unknownPriceWarning } from '../llm/prices.ts';
import { createSandbox } from '../sandbox/create-sandbox.ts';
import type { Executor } from '../spec/executor.ts';
import type { LlmClient, TokenUsage } from '../spec/llm.ts';
import type { ModelSpec, ResolvedProblem } from '../spec/problem.ts';
import type { Proposer } from '../spec/proposer.ts';

export interface EngineOptions {
  /** Where API keys and provider settings are read from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly fetch?: typeof fetch;
  /** Messages worth a person's attention (no sandbox, unknown prices…). */
  readonly onWarning?: (message: string) => void;
  /** An executor to use instead of the local sandbox pool (e.g. the Redis queue). */
  readonly executor?: Executor;
  /**
   * Novelty screening before evaluation (`core/novelty.ts`): candidates equal to an existing one up to
   * whitespace and comments are never evaluated; with `embed`, near-duplicates are refused too (resampled
   * up to `maxAttempts`). `false` turns screening off. Default: normalised duplicates only.
   */
  readonly novelty?: false | Omit<NoveltyOptions, 'loadCandidate'>;
  /**
   * Reuse the results of identical evaluations from the store's other runs (same candidate, evaluator
   * bundle, instances and settings; `scored`/`invalid` only; never with `repeats`). Default true.
   */
  readonly cache?: boolean;
}

export interface EngineParts {
  readonly executor: Executor;
  readonly bundleHash: string;
  readonly proposerFor: (model: ModelSpec) => Proposer;
  readonly llmClientFor: (model: string) => LlmClient | null;
  readonly costOf: (model: string, usage: TokenUsage) => number;
  readonly critic?: NonNullable<ControllerDependencies['critic']>;
}

/** The executor and the evaluator bundle: all that `evaluate` needs. */
export async function assembleExecutor(
  problem: ResolvedProblem,
  storeDir: string,
  options: EngineOptions = {},
): Promise<{ readonly executor: Executor; readonly bundleHash: string }> {
  const bundle = await createBundle(problem, path.join(storeDir, 'bundles'));
  const executor =
    options.executor ??
    createLocalExecutor({
      sandbox: createSandbox(problem.sandbox, { onWarning: options.onWarning ?? (() => {}) }),
      capacity: problem.concurrency.evaluations,
      bundleDir: (hash) => (hash === bundle.hash ? bundle.dir : path.join(storeDir, 'bundles', hash)),
    });
  return { executor, bundleHash: bundle.hash };
}

export async function assembleEngine(
  problem: ResolvedProblem,
  storeDir: string,
  options: EngineOptions = {},
): Promise<EngineParts> {
  const warn = options.onWarning ?? (() => {});
  const { executor, bundleHash } = await assembleExecutor(problem, storeDir, options);

  const env = options.env ?? process.env;
  const clients = new Map<string, LlmClient | null>();
  // the AI SDK takes a while to load: only runs with an LLM pay for it
  const needsLlm = problem.models.some((model) => model.model !== 'mutate') || problem.critic !== undefined;
  const { createLlmClient } = needsLlm
    ? await import('../llm/create-llm-client.ts')
    : {
        createLlmClient: (): never => {
          throw new Error('no LLM models in this run');
        },
      };
  const llmClientFor = (model: string): LlmClient | null => {
    if (!clients.has(model)) {
      clients.set(
        model,
        model === 'mutate'
          ? null
          : createLlmClient(model, { env, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) }),
      );
    }
    return clients.get(model) ?? null;
  };
  // create every client now, so a missing API key is reported before the run starts
  for (const model of problem.models) llmClientFor(model.model);
  if (problem.critic !== undefined) llmClientFor(problem.critic.model);
  const criticOf = problem.critic;
  const critic: NonNullable<ControllerDependencies['critic']> | undefined =
    criticOf === undefined
      ? undefined
      : { model: criticOf.model, critique: (input) => critiqueCandidate(input, criticOf.maxChars) };

  const proposers = new Map<string, Proposer>();
  const proposerFor = (model: ModelSpec): Proposer => {
    let proposer = proposers.get(model.model);
    if (proposer === undefined) {
      proposer = createProposer(model);
      proposers.set(model.model, proposer);
    }
    return proposer;
  };

  const warnedPrices = new Set<string>();
  return {
    executor,
    bundleHash,
    proposerFor,
    llmClientFor,
    ...(critic === undefined ? {} : { critic }),
    costOf(model, usage) {
      const lookup = priceFor(model, problem.prices);
      if (!lookup.known && !warnedPrices.has(model)) {
        warnedPrices.add(model);
        warn(unknownPriceWarning(model));
      }
      return costOf(usage, lookup.price);
    },
  };
}
