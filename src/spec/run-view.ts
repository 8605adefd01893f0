/**
 * The read-only projection of a run's events that strategies, proposers, the CLI and the dashboard read.
 * It is built by `core/run-state.ts`; nobody else writes it.
 */
import type { CandidateOriginKind } from './candidate.ts';
import type { EvaluationResult } from './evaluation.ts';
import type { ProposalOutcome, RunSettings } from './events.ts';
import type { ResolvedProblem } from './problem.ts';
import type { ProposalRequest } from './proposal.ts';

export interface CandidateRecord {
  readonly id: string;
  readonly parentIds: readonly string[];
  readonly origin: CandidateOriginKind;
  /** The proposal that first made it (absent for the seed). */
  readonly proposalId?: string;
  /** The request of that proposal (its tags say island, chain, node…). */
  readonly request?: ProposalRequest;
  /** Position in the log where it was added. */
  readonly addedSeq: number;
  /** The last finished evaluation, if any. */
  readonly evaluation?: EvaluationResult;
  /** 1-based position among evaluated candidates (in order of evaluation end). */
  readonly evaluationNumber?: number;
  /** Candidates that name this one as a parent. */
  readonly childCount: number;
}

/** One past proposal with its outcome, for prompts ("recent attempts") and strategies. */
export interface Attempt {
  readonly proposalId: string;
  readonly parentIds: readonly string[];
  readonly outcome: ProposalOutcome;
  readonly reason?: string;
  readonly summary?: string;
  readonly candidateId?: string;
  /** Filled once the candidate's evaluation has ended. */
  readonly status?: EvaluationResult['status'];
  readonly score?: number | null;
  readonly feedback?: string;
}

export interface RunCounts {
  readonly proposals: number;
  readonly proposalsInFlight: number;
  readonly failedProposals: number;
  readonly duplicateProposals: number;
  readonly rejectedProposals: number;
  readonly evaluations: number;
  readonly evaluationsInFlight: number;
  /** Evaluations by status. */
  readonly statuses: Readonly<Record<EvaluationResult['status'], number>>;
  readonly llmCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

export interface RunView {
  readonly runId: string;
  readonly problem: ResolvedProblem;
  readonly settings: RunSettings;
  readonly seedId: string;
  readonly candidates: ReadonlyMap<string, CandidateRecord>;
  /** Scored candidates in the order their evaluations ended. */
  readonly scored: readonly CandidateRecord[];
  /** The best scored candidate (ties: the earliest). */
  readonly best: CandidateRecord | null;
  /** The champion (equal to `best` unless gates decide otherwise). */
  readonly championId: string | null;
  readonly counts: RunCounts;
  /** The latest attempts, newest last (bounded). */
  readonly recentAttempts: readonly Attempt[];
  /** Evaluation number at which the best score last improved. */
  readonly lastImprovementAt: number;
  /** Wall time spent running, summed over resumes, in ms. */
  readonly activeMs: number;
  /** `a` is strictly better than `b` in the objective's direction. */
  isBetter(a: number, b: number): boolean;
}
