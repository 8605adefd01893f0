/**
 * Proposers turn a proposal request into a new candidate: an LLM edit or rewrite, a crossover, or the
 * built-in non-LLM `mutate`.
 */
import type { Candidate, CandidateFile, CandidateOriginKind } from './candidate.ts';
import type { LlmClient } from './llm.ts';
import type { ModelSpec, ResolvedProblem } from './problem.ts';
import type { ProposalRequest } from './proposal.ts';
import type { Random } from './random.ts';
import type { Attempt, CandidateRecord } from './run-view.ts';

/** A candidate with what the run knows of it. */
export interface CandidateView {
  readonly candidate: Candidate;
  readonly record: CandidateRecord;
}

export interface ProposalContext {
  readonly proposalId: string;
  readonly request: ProposalRequest;
  readonly problem: ResolvedProblem;
  readonly model: ModelSpec;
  readonly parents: readonly CandidateView[];
  readonly inspirations: readonly CandidateView[];
  readonly recentAttempts: readonly Attempt[];
  readonly random: Random;
  readonly signal: AbortSignal;
  /** The recorded LLM client for `model` (every call becomes `llm-call-start`/`-end`); null for `mutate`. */
  readonly llm: LlmClient | null;
}

export type ProposalResult =
  | {
      readonly ok: true;
      readonly files: readonly CandidateFile[];
      readonly origin: CandidateOriginKind;
      /** A short human summary of the change. */
      readonly summary: string;
    }
  | { readonly ok: false; readonly reason: string };

export interface Proposer {
  propose(context: ProposalContext): Promise<ProposalResult>;
}
