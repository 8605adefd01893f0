/**
 * `createProposer`: the proposer for one model of the ensemble — `mutate` for the built-in non-LLM
 * proposer, the LLM proposer for every other model string.
 */
import type { ModelSpec } from '../spec/problem.ts';
import type { Proposer } from '../spec/proposer.ts';
import { createLlmProposer } from './llm-proposer.ts';
import { createMutateProposer, type MutateOptions } from './mutate.ts';

export interface CreateProposerOptions {
  /** Settings of the `mutate` proposer. */
  readonly mutate?: Pick<MutateOptions, 'structuralRate'>;
}

/** The proposer for `model`. LLM proposers call `context.llm`, which the engine provides and records. */
export function createProposer(model: ModelSpec, options: CreateProposerOptions = {}): Proposer {
  return model.model === 'mutate' ? createMutateProposer(options.mutate) : createLlmProposer();
}
