/**
 * The dashboard's HTTP/SSE protocol: what the server sends and the client reads (types, and the one
 * constant both sides share). The client knows nothing else of the engine but these and the spec types.
 *
 * - `GET /api/runs` → `RunListItem[]`
 * - `GET /api/runs/:runId` → `RunSnapshot`
 * - `GET /api/runs/:runId/stream` → SSE: one `snapshot` (a `RunSnapshot`), then `delta` (a `RunDelta`)
 *   whenever the run's log grows; the SSE `id` is the last folded `seq`.
 * - `GET /api/runs/:runId/candidates/:candidateId` → `CandidateDetail`
 * - `GET /api/curves?runs=a,b` → `RunCurve[]`
 * Errors are `ApiError` with a 4xx/5xx status.
 */
import type { CandidateFile, CandidateOriginKind } from '../spec/candidate.ts';
import type { EvaluationResult, EvaluationStatus, Metrics } from '../spec/evaluation.ts';
import type { ProposalOutcome, RunEndStatus } from '../spec/events.ts';
import type { ChatMessage, TokenUsage } from '../spec/llm.ts';
import type { Budget, ConcurrencyConfig, ModelSpec, Objective, StrategyConfig } from '../spec/problem.ts';
import type { ProposalMode } from '../spec/proposal.ts';
import type { RunCounts } from '../spec/run-view.ts';
import type { StrategyPanel } from '../spec/strategy.ts';

export type RunStatus = 'running' | RunEndStatus;

export interface ApiError {
  readonly error: string;
  readonly hint?: string;
}

/** One row of the runs list. */
export interface RunListItem {
  readonly runId: string;
  readonly problem: string;
  readonly strategy: string;
  readonly models: readonly string[];
  readonly status: RunStatus;
  readonly objective: Objective;
  readonly evaluations: number;
  readonly bestScore: number | null;
  readonly costUsd: number;
  readonly tokens: number;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

/** One ended evaluation, in the order evaluations ended. */
export interface EvaluationPoint {
  /** The run-local `seq` of its `evaluation-end` event. */
  readonly seq: number;
  /** 1-based evaluation number. */
  readonly number: number;
  /** Milliseconds since the run started. */
  readonly elapsedMs: number;
  readonly candidateId: string;
  readonly status: EvaluationStatus;
  readonly score: number | null;
  /** The best score after this evaluation (null until one is scored). */
  readonly best: number | null;
}

/** A candidate as a node of the lineage tree. */
export interface LineageNode {
  readonly id: string;
  readonly parentIds: readonly string[];
  readonly origin: CandidateOriginKind;
  readonly status: EvaluationStatus | null;
  readonly score: number | null;
  readonly evaluationNumber: number | null;
  /** The `seq` of the last event that changed this node (for deltas). */
  readonly updatedSeq: number;
  /** The proposal's short summary of the edit, when there is one. */
  readonly summary?: string;
}

/** A count of things that went wrong, by kind (`evaluation timed-out`, `proposal failed: …`). */
export interface FailureCount {
  readonly kind: string;
  readonly count: number;
}

/** The numbers and settings of a run (everything but the per-evaluation series and the tree). */
export interface RunOverview {
  readonly runId: string;
  readonly problem: string;
  readonly description: string;
  readonly status: RunStatus;
  readonly reason: string | null;
  readonly objective: Objective;
  readonly strategy: StrategyConfig;
  readonly models: readonly ModelSpec[];
  readonly budget: Budget;
  readonly concurrency: ConcurrencyConfig;
  readonly sandbox: string;
  readonly timeoutSeconds: number;
  readonly mainFile: string;
  readonly language: string;
  readonly seed: number;
  readonly ratchetVersion: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch of `run-start` and of the latest event. */
  readonly startedAt: number;
  readonly lastEventAt: number;
  readonly activeMs: number;
  readonly counts: RunCounts;
  readonly failures: readonly FailureCount[];
  readonly seedId: string;
  readonly championId: string | null;
  readonly best: { readonly candidateId: string; readonly score: number } | null;
  /** LLM spend per model. */
  readonly spend: readonly ModelSpend[];
}

export interface ModelSpend {
  readonly model: string;
  readonly calls: number;
  readonly failedCalls: number;
  readonly usage: TokenUsage;
  readonly costUsd: number;
}

/** Everything the run view shows, as of `seq`. */
export interface RunSnapshot {
  readonly seq: number;
  readonly overview: RunOverview;
  readonly points: readonly EvaluationPoint[];
  readonly nodes: readonly LineageNode[];
  readonly panels: readonly StrategyPanel[];
}

/**
 * What changed since the previous message: the points and nodes after the previous `seq`, with the
 * current overview and panels (same shape as a snapshot).
 */
export type RunDelta = RunSnapshot;

/** One line of a diff hunk starts with ' ', '+', '-' or '\'. */
export interface DiffHunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly string[];
}

export interface FileDiff {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly hunks: readonly DiffHunk[];
  readonly added: number;
  readonly removed: number;
}

/** One recorded LLM call of the proposal that made a candidate. */
export interface LlmCallRecord {
  readonly callId: string;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly temperature?: number;
  readonly ok: boolean | null;
  readonly text?: string;
  readonly error?: string;
  readonly usage?: TokenUsage;
  readonly costUsd?: number;
  readonly durationMs?: number;
}

export interface ProposalRecord {
  readonly proposalId: string;
  readonly mode: ProposalMode;
  readonly model: string;
  readonly outcome: ProposalOutcome | null;
  readonly summary?: string;
  readonly reason?: string;
  readonly tags: Readonly<Record<string, string | number | boolean>>;
}

/** The candidate view. */
export interface CandidateDetail {
  readonly runId: string;
  readonly candidateId: string;
  readonly files: readonly CandidateFile[];
  readonly mainFile: string;
  readonly language: string;
  readonly objective: Objective;
  readonly parentIds: readonly string[];
  readonly childIds: readonly string[];
  readonly origin: CandidateOriginKind;
  readonly evaluationNumber: number | null;
  readonly evaluation: EvaluationResult | null;
  /** The diff against the first parent (empty for the seed). */
  readonly diff: readonly FileDiff[];
  readonly proposal: ProposalRecord | null;
  readonly llmCalls: readonly LlmCallRecord[];
  readonly isBest: boolean;
}

/** A run's best-so-far curve, for the compare view. */
export interface RunCurve {
  readonly runId: string;
  readonly problem: string;
  readonly strategy: string;
  readonly models: readonly string[];
  readonly objective: Objective;
  readonly points: readonly EvaluationPoint[];
}

/** One step on the path from the seed to the best candidate. */
export interface LineageStep {
  readonly candidateId: string;
  readonly origin: CandidateOriginKind;
  readonly evaluationNumber: number | null;
  readonly score: number | null;
  readonly summary?: string;
  readonly model?: string;
}

/** The data of a self-contained report (`ratchet report`). */
export interface ReportData {
  readonly generatedAt: number;
  readonly overview: RunOverview;
  readonly points: readonly EvaluationPoint[];
  readonly best: {
    readonly candidateId: string;
    readonly score: number;
    readonly metrics: Metrics;
    readonly files: readonly CandidateFile[];
    readonly diffFromSeed: readonly FileDiff[];
    readonly feedback: string;
  } | null;
  readonly bestLineage: readonly LineageStep[];
}

/** The id of the `<script type="application/json">` element that holds a report's `ReportData`. */
export const reportDataElementId = 'ratchet-report-data';
