/**
 * Follows each proposal from `proposal-start` to its resolution — no candidate (failed, duplicate,
 * rejected, interrupted) or the end of its candidate's evaluation — so strategies can react to "this
 * proposal of chain 2 / node n / island 3 came back with this result" without scanning the log.
 * Entries are dropped once resolved: the ledger holds only the work in flight.
 */
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { ProposalOutcome, RunEvent } from '../spec/events.ts';
import type { ProposalRequest } from '../spec/proposal.ts';
import type { RunView } from '../spec/run-view.ts';

/** What became of one proposal. */
export interface Resolution {
  readonly proposalId: string;
  readonly request: ProposalRequest;
  readonly outcome: ProposalOutcome;
  /** The new candidate, when the proposal made one. */
  readonly candidateId?: string;
  /** Its evaluation, when the outcome is `candidate`. */
  readonly result?: EvaluationResult;
  /** Why no candidate was made (`failed`, `rejected`, `duplicate`). */
  readonly reason?: string;
  readonly summary?: string;
}

/** Proposals in flight, resolved by their end or their candidate’s evaluation. */
export class ProposalLedger {
  private readonly requests = new Map<string, ProposalRequest>();
  private readonly awaiting = new Map<string, { proposalId: string; summary?: string }>();

  /** Number of proposals started but not yet resolved. */
  get pending(): number {
    return this.requests.size;
  }

  /**
   * Folds one event. Returns the proposal it resolves, or null. An `evaluation-end` the run view did not
   * count (closed by a resume) resolves nothing.
   */
  apply(event: RunEvent, view: RunView): Resolution | null {
    switch (event.type) {
      case 'proposal-start':
        this.requests.set(event.data.proposalId, event.data.request);
        return null;
      case 'proposal-end': {
        const request = this.requests.get(event.data.proposalId);
        if (request === undefined) return null;
        const { outcome, candidateId, reason, summary } = event.data;
        if (outcome === 'candidate' && candidateId !== undefined) {
          this.awaiting.set(candidateId, {
            proposalId: event.data.proposalId,
            ...(summary === undefined ? {} : { summary }),
          });
          return null;
        }
        this.requests.delete(event.data.proposalId);
        return {
          proposalId: event.data.proposalId,
          request,
          outcome,
          ...(candidateId === undefined ? {} : { candidateId }),
          ...(reason === undefined ? {} : { reason }),
          ...(summary === undefined ? {} : { summary }),
        };
      }
      case 'evaluation-end': {
        const { candidateId, result } = event.data;
        if (view.candidates.get(candidateId)?.evaluation !== result) return null;
        const waiting = this.awaiting.get(candidateId);
        if (waiting === undefined) return null;
        this.awaiting.delete(candidateId);
        const request = this.requests.get(waiting.proposalId);
        this.requests.delete(waiting.proposalId);
        if (request === undefined) return null;
        return {
          proposalId: waiting.proposalId,
          request,
          outcome: 'candidate',
          candidateId,
          result,
          ...(waiting.summary === undefined ? {} : { summary: waiting.summary }),
        };
      }
      default:
        return null;
    }
  }
}

/** A scored evaluation's score, else null. */
export function scoreOf(result: EvaluationResult | undefined): number | null {
  return result?.status === 'scored' && typeof result.score === 'number' ? result.score : null;
}

/** The run view's record of `id` if it is scored (a legal parent outside fix mode). */
export function scoredScore(view: RunView, id: string): number | null {
  return scoreOf(view.candidates.get(id)?.evaluation);
}

/** "Higher is better" form of a score for the problem's direction. */
export function fitnessOf(view: RunView, score: number): number {
  return view.problem.objective.direction === 'maximize' ? score : -score;
}
