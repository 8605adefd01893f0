/**
 * One pass over a run's log that keeps what the exports need: every proposal with where its answering
 * LLM call sits in the log, every candidate with its parents, each candidate's latest main evaluation,
 * and which candidates were promoted or discarded. Large texts (prompts, responses, feedback) stay in
 * the log and are read back by `seq`, so a long run does not have to fit in memory twice.
 */
import { RunState } from '../core/run-state.ts';
import type { CandidateOriginKind } from '../spec/candidate.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { ProposalEndData, RunEvent, RunSettings } from '../spec/events.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import type { ProposalRequest } from '../spec/proposal.ts';
import type { Attempt, CandidateRecord } from '../spec/run-view.ts';

/** What a non-LLM proposer saw when its proposal started (to rebuild the prompt an LLM would have had). */
export interface ProposalSnapshot {
  readonly parents: readonly CandidateRecord[];
  readonly inspirations: readonly CandidateRecord[];
  readonly recentAttempts: readonly Attempt[];
}

export interface ProposalTrace {
  readonly proposalId: string;
  readonly request: ProposalRequest;
  readonly model: string;
  end?: ProposalEndData;
  /** `seq` of the `llm-call-start` and `llm-call-end` of the latest call that returned an answer. */
  answer?: { readonly startSeq: number; readonly endSeq: number };
  /** What the proposer saw, for the proposals `traceRun` was asked to snapshot. */
  snapshot?: ProposalSnapshot;
}

export interface CandidateTrace {
  readonly parentIds: readonly string[];
  readonly origin: CandidateOriginKind;
  readonly proposalId?: string;
}

/** A main evaluation (not a gate's `validate` or `confirm` run) and where it ended in the log. */
export interface MainEvaluation {
  readonly seq: number;
  readonly evaluationId: string;
  readonly candidateId: string;
  readonly result: EvaluationResult;
}

export interface RunTrajectory {
  readonly runId: string;
  readonly problem: ResolvedProblem;
  readonly settings: RunSettings;
  readonly eventCount: number;
  /** In the order the proposals started. */
  readonly proposals: ReadonlyMap<string, ProposalTrace>;
  /** In the order the candidates were added (the seed first). */
  readonly candidates: ReadonlyMap<string, CandidateTrace>;
  /** Candidate id → its latest main evaluation. */
  readonly evaluations: ReadonlyMap<string, MainEvaluation>;
  /** Main evaluations in log order, `seq` only (read them back for their text). */
  readonly evaluationSeqs: readonly number[];
  readonly promoted: ReadonlySet<string>;
  readonly discarded: ReadonlySet<string>;
}

/** Gate evaluations (`validate`, `confirm`) carry a purpose; main evaluations carry none or `optimize`. */
export function isMainEvaluation(data: object): boolean {
  const purpose = (data as { purpose?: unknown }).purpose;
  return purpose === undefined || purpose === 'optimize';
}

function candidateIdOf(data: unknown): string | undefined {
  const id = (data as { candidateId?: unknown } | null)?.candidateId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Folds a run's events. For the proposals `snapshotFor` picks, the state the proposer saw is kept
 * (parents, inspirations, recent attempts), as the controller builds it. Unknown event types
 * are counted and otherwise ignored.
 */
export function traceRun(
  events: Iterable<RunEvent>,
  options: {
    /** Which proposals to snapshot, by model string (default none; the exports take `mutate`'s). */
    readonly snapshotFor?: (model: string) => boolean;
  } = {},
): RunTrajectory {
  const state = new RunState();
  const proposals = new Map<string, ProposalTrace>();
  const candidates = new Map<string, CandidateTrace>();
  const evaluations = new Map<string, MainEvaluation>();
  const evaluationSeqs: number[] = [];
  const calls = new Map<string, number>();
  const promoted = new Set<string>();
  const discarded = new Set<string>();
  let eventCount = 0;
  let runId = '';
  for (const event of events) {
    eventCount += 1;
    runId = event.runId;
    state.apply(event);
    const type: string = event.type;
    if (type === 'candidate-discard') {
      const id = candidateIdOf(event.data);
      if (id !== undefined) discarded.add(id);
      continue;
    }
    switch (event.type) {
      case 'proposal-start': {
        const { proposalId, request, model } = event.data;
        const trace: ProposalTrace = { proposalId, request, model };
        if (options.snapshotFor?.(model) === true) trace.snapshot = snapshotOf(state, request);
        proposals.set(proposalId, trace);
        break;
      }
      case 'llm-call-start':
        calls.set(event.data.callId, event.seq);
        break;
      case 'llm-call-end': {
        const startSeq = calls.get(event.data.callId);
        const trace = proposals.get(event.data.proposalId);
        if (event.data.ok && event.data.text !== undefined && startSeq !== undefined && trace !== undefined)
          trace.answer = { startSeq, endSeq: event.seq };
        break;
      }
      case 'proposal-end': {
        const trace = proposals.get(event.data.proposalId);
        if (trace !== undefined) trace.end = event.data;
        break;
      }
      case 'candidate-add': {
        const { candidateId, parentIds, origin, proposalId } = event.data;
        if (!candidates.has(candidateId))
          candidates.set(candidateId, {
            parentIds,
            origin,
            ...(proposalId === undefined ? {} : { proposalId }),
          });
        break;
      }
      case 'evaluation-end': {
        if (!isMainEvaluation(event.data)) break;
        const { evaluationId, candidateId, result } = event.data;
        evaluations.set(candidateId, { seq: event.seq, evaluationId, candidateId, result });
        evaluationSeqs.push(event.seq);
        break;
      }
      case 'candidate-promote':
        promoted.add(event.data.candidateId);
        break;
      default:
        break;
    }
  }
  return {
    runId,
    problem: state.problem,
    settings: state.settings,
    eventCount,
    proposals,
    candidates,
    evaluations,
    evaluationSeqs,
    promoted,
    discarded,
  };
}

function snapshotOf(state: RunState, request: ProposalRequest): ProposalSnapshot {
  const records = (ids: readonly string[]): CandidateRecord[] =>
    ids.flatMap((id) => {
      const record = state.candidates.get(id);
      return record === undefined ? [] : [{ ...record }];
    });
  const { prompt } = state.problem;
  const showAttempts = request.showRecentAttempts !== false && prompt.recentAttempts > 0;
  return {
    parents: records(request.parentIds),
    inspirations: records(request.inspirationIds),
    recentAttempts: showAttempts ? state.recentAttempts.slice(-prompt.recentAttempts) : [],
  };
}
