/**
 * The line types of `ratchet export` (JSON Lines: one of these per line). `docs/exports.md` documents
 * them for people; these types are the contract.
 */
import type { CandidateOriginKind } from '../spec/candidate.ts';
import type { EvaluationStatus, Metrics } from '../spec/evaluation.ts';
import type { ChatMessage } from '../spec/llm.ts';
import type { Direction } from '../spec/problem.ts';
import type { ProposalMode } from '../spec/proposal.ts';
import type { AnswerSource } from './proposal-answer.ts';

export type ExportFormat = 'events' | 'sft' | 'preference' | 'feedback';

export const exportFormats: readonly ExportFormat[] = ['events', 'sft', 'preference', 'feedback'];

/** Where a line came from in the run (in every format but `events`, under `metadata`). */
export interface ExportSource {
  readonly runId: string;
  readonly problem: string;
  /** The objective the scores are in: `{ metric, direction }`. */
  readonly metric: string;
  readonly direction: Direction;
}

/** `sft`: one improving step as a chat conversation (system, user = the prompt, assistant = the answer). */
export interface SftRecord {
  readonly messages: readonly ChatMessage[];
  readonly metadata?: ExportSource & {
    readonly proposalId: string;
    readonly mode: ProposalMode;
    readonly model: string;
    readonly source: AnswerSource;
    readonly parentIds: readonly string[];
    readonly candidateId: string;
    readonly parentScore: number | null;
    readonly score: number;
    readonly improvement: number | null;
    readonly promoted: boolean;
    readonly discarded: boolean;
  };
}

/** `preference`: two children of the same parent(s), the better one `chosen` (TRL's conversational shape). */
export interface PreferenceRecord {
  /** The prompt of the chosen child's proposal (system and user messages). */
  readonly prompt: readonly ChatMessage[];
  readonly chosen: readonly [ChatMessage];
  readonly rejected: readonly [ChatMessage];
  readonly score_chosen: number;
  /** Null when the rejected child was not scored (invalid, failed, timed out, crashed). */
  readonly score_rejected: number | null;
  readonly metadata?: ExportSource & {
    readonly parentIds: readonly string[];
    readonly chosen: {
      readonly proposalId: string;
      readonly candidateId: string;
      readonly source: AnswerSource;
    };
    readonly rejected: {
      readonly proposalId: string;
      readonly candidateId: string;
      readonly source: AnswerSource;
      readonly status: EvaluationStatus;
    };
    /** Whether both proposals were given the very same prompt. */
    readonly samePrompt: boolean;
  };
}

/** `feedback`: one main evaluation as a LeTI-style example. */
export interface FeedbackRecord {
  /** The problem's description followed by the objective. */
  readonly instruction: string;
  /** The candidate's main file. */
  readonly program: string;
  /** What the evaluator said (its feedback plus captured errors); may be empty. */
  readonly feedback: string;
  /** True when the evaluation's status is `scored`. */
  readonly passed: boolean;
  readonly status: EvaluationStatus;
  readonly score: number | null;
  readonly metrics: Metrics;
  readonly metadata?: ExportSource & {
    readonly candidateId: string;
    readonly evaluationId: string;
    readonly parentIds: readonly string[];
    readonly origin: CandidateOriginKind;
    readonly mainFile: string;
    readonly language: string;
    /** Scored and strictly better than every scored parent (null for the seed). */
    readonly improved: boolean | null;
  };
}

/** What an export wrote. */
export interface ExportCounts {
  /** Lines written. */
  readonly records: number;
  /** Facts about the run the lines were drawn from (e.g. `improvingSteps`), and what was left out and why. */
  readonly details: Readonly<Record<string, number>>;
}
