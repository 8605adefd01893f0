/**
 * The event log: the only state of a run. Every other view (resume, status, dashboard, reports,
 * replay, exports) is a projection of these records.
 *
 * Event names are `noun-action`. Data is plain JSON. New event types may be added; consumers ignore
 * types they do not know.
 */
import type { CandidateOriginKind } from './candidate.ts';
import type { EvaluationResult } from './evaluation.ts';
import type { LlmRequest, TokenUsage } from './llm.ts';
import type { Budget, ResolvedProblem } from './problem.ts';
import type { ProposalRequest } from './proposal.ts';

/** Options a run was started with, recorded in `run-start`. */
export interface RunSettings {
  /** Seed of all randomness (strategy choices, `mutate`, ensembles). */
  readonly seed: number;
  readonly ratchetVersion: string;
  /** Content hash of the evaluator bundle the run was started with (replay --reevaluate compares it). */
  readonly bundleHash?: string;
  /** Free-form labels (e.g. `compare` group). */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface RunStartData {
  readonly problem: ResolvedProblem;
  readonly settings: RunSettings;
}

export interface RunResumeData {
  /** Budget given on resume, replacing the recorded one from here on (absent: unchanged). */
  readonly budget?: Budget;
  /** Proposals that were in flight when the previous process stopped; each gets `proposal-end` `interrupted`. */
  readonly interruptedProposals: readonly string[];
  /** Evaluations started but never ended; their candidates are evaluated again under new evaluation ids. */
  readonly interruptedEvaluations: readonly string[];
}

export interface ProposalStartData {
  readonly proposalId: string;
  /** 0-based count of proposals in this run; with the run seed it fixes the proposal's randomness. */
  readonly index: number;
  readonly request: ProposalRequest;
  /** The model string chosen for this proposal. */
  readonly model: string;
}

export interface LlmCallStartData {
  readonly proposalId: string;
  readonly callId: string;
  readonly request: LlmRequest;
}

export interface LlmCallEndData {
  readonly proposalId: string;
  readonly callId: string;
  readonly model: string;
  readonly ok: boolean;
  readonly text?: string;
  readonly error?: string;
  readonly usage: TokenUsage;
  readonly costUsd: number;
  readonly durationMs: number;
  /** How many HTTP attempts the call took (retries included). */
  readonly attempts: number;
  readonly finishReason?: string;
}

/**
 * - `candidate`: a new candidate was made and queued for evaluation.
 * - `duplicate`: the candidate already exists in this run; it is not evaluated again.
 * - `failed`: no candidate (an edit that matched nothing, an edit outside the evolve block, an LLM error,
 *   an unparseable answer); `reason` says which.
 * - `rejected`: a candidate was made but refused before evaluation (novelty, static checks).
 * - `interrupted`: the process stopped while the proposal was in flight (recorded on resume).
 */
export type ProposalOutcome = 'candidate' | 'duplicate' | 'failed' | 'rejected' | 'interrupted';

export interface ProposalEndData {
  readonly proposalId: string;
  readonly outcome: ProposalOutcome;
  readonly candidateId?: string;
  readonly parentIds: readonly string[];
  readonly origin: CandidateOriginKind;
  readonly reason?: string;
  /** A short human summary of the edit (e.g. "2 blocks, +3 −1 lines"). */
  readonly summary?: string;
  /** For `rejected` by novelty: the similarity to the nearest candidate, and which one. */
  readonly similarity?: number;
  readonly similarTo?: string;
}

export interface CandidateAddData {
  readonly candidateId: string;
  readonly parentIds: readonly string[];
  readonly origin: CandidateOriginKind;
  /** The proposal that made it; absent for the seed. */
  readonly proposalId?: string;
  /** Content features computed when it was added (strategies cannot read content; see `core/candidate-features.ts`). */
  readonly features?: CandidateFeatures;
}

/** Cheap, deterministic facts about a candidate's content, recorded with it (MAP-Elites dimensions, diversity). */
export interface CandidateFeatures {
  /** Characters of the main file. */
  readonly codeLength: number;
  /** Lines of the main file. */
  readonly lineCount: number;
  /** MinHash signature of the normalised main file's token 3-shingles (16 values); compare with `sketchSimilarity`. */
  readonly sketch: readonly number[];
}

/**
 * Why an evaluation ran: `optimize` (absent: every candidate's main evaluation, on the optimize instances),
 * `validate` (a promotion gate's held-out check) or `confirm` (once per promotion, for reporting only).
 * Only main evaluations count against the evaluation budget and in "no candidate evaluated twice".
 */
export type EvaluationPurpose = 'optimize' | 'validate' | 'confirm';

export interface EvaluationStartData {
  readonly evaluationId: string;
  readonly candidateId: string;
  readonly purpose?: EvaluationPurpose;
  /** The instances scored, when the problem has instances. */
  readonly instances?: readonly string[];
  /** For `activeData` problems: how many probes were acquired when it started (its data version). */
  readonly dataVersion?: number;
}

export interface EvaluationEndData {
  readonly evaluationId: string;
  readonly candidateId: string;
  readonly purpose?: EvaluationPurpose;
  readonly result: EvaluationResult;
  /** True when the result was reused from an identical earlier evaluation (cache). */
  readonly cached?: boolean;
}

/** The numbers behind a gate decision. */
export interface GateStats {
  readonly optimizeScore?: number;
  readonly championOptimizeScore?: number;
  readonly validateScore?: number;
  readonly championValidateScore?: number;
  readonly test?: 'sign' | 'bootstrap' | 'score';
  readonly wins?: number;
  readonly losses?: number;
  readonly ties?: number;
  /** p-value (sign test) or the bootstrap probability that the candidate is better by the margin. */
  readonly pValue?: number;
  readonly probabilityBetter?: number;
}

export interface CandidatePromoteData {
  readonly candidateId: string;
  readonly score: number;
  readonly previousCandidateId: string | null;
  readonly reasons: readonly string[];
  readonly stats?: GateStats;
}

export interface CandidateDiscardData {
  readonly candidateId: string;
  readonly reasons: readonly string[];
  readonly stats?: GateStats;
  /** Discards in a row so far, this one included. */
  readonly consecutive: number;
}

export type RunEndStatus = 'completed' | 'stopped' | 'failed';

export interface RunEndData {
  readonly status: RunEndStatus;
  /** Which budget or condition ended it, or the error. */
  readonly reason: string;
}

/**
 * A critique of an evaluated candidate by a critic (an LLM, a value agent) that strategies feed into later
 * proposals of that branch (the `tree` strategy does). Optional: runs without a critic have none.
 */
export interface CritiqueEndData {
  readonly candidateId: string;
  /** The critique text: what is wrong, what to try next. */
  readonly critique: string;
  /** The critic's value estimate, when it gives one (higher is better, in [0, 1]). */
  readonly value?: number;
  /** The critic's model string. */
  readonly model: string;
}

/**
 * Active data acquisition (`activeData`): the data every later evaluation receives changed. `data` is
 * the complete list of acquired probes from now on (oldest first); its length is the new data version.
 */
export interface ProblemDataData {
  /** The probe acquired now. */
  readonly probeId: string;
  /** Every probe acquired so far, this one last. */
  readonly data: readonly string[];
  /** The candidates whose predictions were compared (the best scored on the previous data version). */
  readonly committee: readonly string[];
  /** The summed variance of their predictions at the probe (the largest of all probes left). */
  readonly disagreement: number;
  readonly reason: string;
}

/** Map of event type → data. Extend it by declaration merging in the module that adds a type. */
export interface EventDataMap {
  'run-start': RunStartData;
  'run-resume': RunResumeData;
  'proposal-start': ProposalStartData;
  'llm-call-start': LlmCallStartData;
  'llm-call-end': LlmCallEndData;
  'proposal-end': ProposalEndData;
  'candidate-add': CandidateAddData;
  'evaluation-start': EvaluationStartData;
  'evaluation-end': EvaluationEndData;
  'candidate-promote': CandidatePromoteData;
  'candidate-discard': CandidateDiscardData;
  'critique-end': CritiqueEndData;
  'problem-data': ProblemDataData;
  'run-end': RunEndData;
}

export type EventType = keyof EventDataMap;

/** An event as stored: `seq` is the run-local position, strictly increasing from 1. */
export type RunEvent = {
  [K in EventType]: {
    readonly seq: number;
    readonly runId: string;
    readonly type: K;
    /** Milliseconds since the Unix epoch (from the injected clock). */
    readonly at: number;
    readonly data: EventDataMap[K];
  };
}[EventType];

/** An event before the store gives it a `seq`. */
export type NewEvent = {
  [K in EventType]: { readonly type: K; readonly data: EventDataMap[K] };
}[EventType];

export type EventOf<K extends EventType> = Extract<RunEvent, { type: K }>;
