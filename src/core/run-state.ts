/**
 * The projection of a run's events into the `RunView` that everybody reads. Folding the same events
 * always gives the same state: resume, status, the dashboard and replay all build it this way.
 */
import type { EvaluationResult, EvaluationStatus } from '../spec/evaluation.ts';
import type { ProposalStartData, RunEvent, RunSettings } from '../spec/events.ts';
import type { Budget, ResolvedProblem } from '../spec/problem.ts';
import type { Attempt, CandidateRecord, RunCounts, RunView } from '../spec/run-view.ts';

const recentAttemptLimit = 64;

type MutableRecord = { -readonly [K in keyof CandidateRecord]: CandidateRecord[K] };
type MutableCounts = { -readonly [K in keyof RunCounts]: RunCounts[K] } & {
  statuses: Record<EvaluationStatus, number>;
};

/** What a run is doing right now, beyond the view: in-flight work, for the controller and resume. */
export interface InFlight {
  /** proposalId → its start data. */
  readonly proposals: ReadonlyMap<string, ProposalStartData>;
  /** evaluationId → candidateId. */
  readonly evaluations: ReadonlyMap<string, string>;
}

export class RunState implements RunView {
  runId = '';
  problem!: ResolvedProblem;
  settings!: RunSettings;
  /** The budget in force (the recorded one, or the one given on the latest resume). */
  budget: Budget = {};
  seedId = '';
  readonly candidates = new Map<string, MutableRecord>();
  readonly scored: CandidateRecord[] = [];
  best: CandidateRecord | null = null;
  championId: string | null = null;
  lastImprovementAt = 0;
  recentAttempts: Attempt[] = [];
  status: 'running' | 'completed' | 'stopped' | 'failed' = 'running';
  endReason: string | null = null;
  lastSeq = 0;
  /** Number of `evaluation-start` events so far (the next evaluation id is derived from it). */
  evaluationStarts = 0;
  readonly counts: MutableCounts = {
    proposals: 0,
    proposalsInFlight: 0,
    failedProposals: 0,
    duplicateProposals: 0,
    rejectedProposals: 0,
    evaluations: 0,
    evaluationsInFlight: 0,
    statuses: { scored: 0, invalid: 0, failed: 0, 'timed-out': 0, crashed: 0 },
    llmCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
  };
  readonly inFlight: { proposals: Map<string, ProposalStartData>; evaluations: Map<string, string> } = {
    proposals: new Map(),
    evaluations: new Map(),
  };
  /** Candidates that have ended at least one evaluation. */
  readonly evaluatedIds = new Set<string>();
  /** Results of gate evaluations (`validate`, `confirm`) by candidate. */
  readonly gateResults = new Map<string, { validate?: EvaluationResult; confirm?: EvaluationResult }>();
  /** Gate evaluations in flight: evaluationId → candidate and purpose. */
  readonly gateInFlight = new Map<string, { candidateId: string; purpose: 'validate' | 'confirm' }>();
  /** With gates: evaluated candidates awaiting a promote/discard decision, in evaluation order. */
  readonly pendingDecisions: string[] = [];
  /** Candidates promoted to champion, in order. */
  readonly promotedIds: string[] = [];
  /** Proposals in a row that made no new candidate (failed, duplicate, rejected); the last reason. */
  proposalsWithoutCandidate = 0;
  lastFailure: string | null = null;
  discards = 0;
  consecutiveDiscards = 0;
  gateEvaluations = 0;
  /** Active data (`activeData`): the probes acquired so far, oldest first; its length is the data version. */
  data: readonly string[] = [];
  /** Active data: the scored main evaluations that ran on the current data version, in order. */
  scoredOnData: { readonly candidateId: string; readonly result: EvaluationResult }[] = [];
  /** Active data: the data version each main evaluation in flight started on. */
  private readonly dataVersionAtStart = new Map<string, number>();
  private readonly requestsByProposal = new Map<string, ProposalStartData>();
  private segmentStart = 0;
  private closedMs = 0;
  private lastAt = 0;

  get activeMs(): number {
    return this.closedMs + Math.max(0, this.lastAt - this.segmentStart);
  }

  isBetter(a: number, b: number): boolean {
    return this.problem.objective.direction === 'maximize' ? a > b : a < b;
  }

  /** Folds one event in. Events must come in `seq` order. */
  apply(event: RunEvent): this {
    if (event.seq <= this.lastSeq) throw new Error(`event ${event.seq} applied after ${this.lastSeq}`);
    this.lastSeq = event.seq;
    this.lastAt = Math.max(this.lastAt, event.at);
    switch (event.type) {
      case 'run-start':
        this.runId = event.runId;
        this.problem = event.data.problem;
        this.settings = event.data.settings;
        this.budget = event.data.problem.budget;
        this.segmentStart = event.at;
        break;
      case 'run-resume':
        this.closedMs = this.activeMs;
        this.segmentStart = event.at;
        this.lastAt = event.at;
        if (event.data.budget !== undefined) this.budget = event.data.budget;
        for (const evaluationId of event.data.interruptedEvaluations)
          this.inFlight.evaluations.delete(evaluationId);
        this.counts.evaluationsInFlight = this.inFlight.evaluations.size;
        this.status = 'running';
        this.endReason = null;
        break;
      case 'proposal-start':
        this.counts.proposals += 1;
        this.inFlight.proposals.set(event.data.proposalId, event.data);
        this.requestsByProposal.set(event.data.proposalId, event.data);
        this.counts.proposalsInFlight = this.inFlight.proposals.size;
        break;
      case 'proposal-end': {
        this.inFlight.proposals.delete(event.data.proposalId);
        this.counts.proposalsInFlight = this.inFlight.proposals.size;
        const { outcome } = event.data;
        if (outcome === 'failed') this.counts.failedProposals += 1;
        if (outcome === 'duplicate') this.counts.duplicateProposals += 1;
        if (outcome === 'rejected') this.counts.rejectedProposals += 1;
        if (outcome === 'interrupted') break;
        if (outcome === 'candidate') {
          this.proposalsWithoutCandidate = 0;
        } else {
          this.proposalsWithoutCandidate += 1;
          this.lastFailure = `${outcome}${event.data.reason === undefined ? '' : `: ${event.data.reason}`}`;
        }
        const attempt: Attempt = {
          proposalId: event.data.proposalId,
          parentIds: event.data.parentIds,
          outcome,
          ...(event.data.reason === undefined ? {} : { reason: event.data.reason }),
          ...(event.data.summary === undefined ? {} : { summary: event.data.summary }),
          ...(event.data.candidateId === undefined ? {} : { candidateId: event.data.candidateId }),
          ...this.outcomeOf(event.data.candidateId),
        };
        this.pushAttempt(attempt);
        break;
      }
      case 'candidate-add': {
        const { candidateId, parentIds, origin, proposalId } = event.data;
        if (this.candidates.has(candidateId)) break;
        const request =
          proposalId === undefined ? undefined : this.requestsByProposal.get(proposalId)?.request;
        this.candidates.set(candidateId, {
          id: candidateId,
          parentIds,
          origin,
          ...(proposalId === undefined ? {} : { proposalId }),
          ...(request === undefined ? {} : { request }),
          addedSeq: event.seq,
          childCount: 0,
        });
        if (this.seedId === '') this.seedId = candidateId;
        for (const parentId of parentIds) {
          const parent = this.candidates.get(parentId);
          if (parent !== undefined) parent.childCount += 1;
        }
        break;
      }
      case 'llm-call-end':
        this.counts.llmCalls += 1;
        this.counts.inputTokens += event.data.usage.inputTokens;
        this.counts.outputTokens += event.data.usage.outputTokens;
        this.counts.costUsd += event.data.costUsd;
        break;
      case 'evaluation-start':
        this.evaluationStarts += 1;
        if (event.data.purpose === 'validate' || event.data.purpose === 'confirm') {
          this.gateInFlight.set(event.data.evaluationId, {
            candidateId: event.data.candidateId,
            purpose: event.data.purpose,
          });
          break;
        }
        this.inFlight.evaluations.set(event.data.evaluationId, event.data.candidateId);
        this.counts.evaluationsInFlight = this.inFlight.evaluations.size;
        if (event.data.dataVersion !== undefined)
          this.dataVersionAtStart.set(event.data.evaluationId, event.data.dataVersion);
        break;
      case 'evaluation-end':
        this.applyEvaluationEnd(event);
        break;
      case 'candidate-promote':
        this.championId = event.data.candidateId;
        this.promotedIds.push(event.data.candidateId);
        this.consecutiveDiscards = 0;
        this.settle(event.data.candidateId);
        break;
      case 'candidate-discard':
        this.discards += 1;
        this.consecutiveDiscards = event.data.consecutive;
        this.settle(event.data.candidateId);
        break;
      case 'problem-data':
        this.data = event.data.data;
        this.scoredOnData = [];
        break;
      case 'run-end':
        this.status = event.data.status;
        this.endReason = event.data.reason;
        break;
    }
    return this;
  }

  private settle(candidateId: string): void {
    const index = this.pendingDecisions.indexOf(candidateId);
    if (index !== -1) this.pendingDecisions.splice(index, 1);
  }

  private applyEvaluationEnd(event: Extract<RunEvent, { type: 'evaluation-end' }>): void {
    const { evaluationId, candidateId, result, purpose } = event.data;
    if (purpose === 'validate' || purpose === 'confirm') {
      if (!this.gateInFlight.delete(evaluationId)) return;
      this.gateEvaluations += 1;
      this.gateResults.set(candidateId, { ...this.gateResults.get(candidateId), [purpose]: result });
      return;
    }
    if (!this.inFlight.evaluations.delete(evaluationId)) return; // closed by a resume: not counted
    this.counts.evaluationsInFlight = this.inFlight.evaluations.size;
    const dataVersion = this.dataVersionAtStart.get(evaluationId);
    this.dataVersionAtStart.delete(evaluationId);
    if (dataVersion === this.data.length && result.status === 'scored') {
      this.scoredOnData.push({ candidateId, result });
    }
    this.counts.evaluations += 1;
    this.counts.statuses[result.status] += 1;
    this.evaluatedIds.add(candidateId);
    const record = this.candidates.get(candidateId);
    if (record === undefined) return;
    record.evaluation = result;
    record.evaluationNumber = this.counts.evaluations;
    if (this.problem.gates !== undefined) this.pendingDecisions.push(candidateId);
    if (result.status === 'scored' && result.score !== null) {
      this.scored.push(record);
      if (this.best === null || this.isBetter(result.score, this.best.evaluation?.score as number)) {
        this.best = record;
        this.lastImprovementAt = this.counts.evaluations;
      }
    }
    const outcome = this.outcomeOf(candidateId);
    for (let index = 0; index < this.recentAttempts.length; index++) {
      const attempt = this.recentAttempts[index] as Attempt;
      if (attempt.candidateId === candidateId) this.recentAttempts[index] = { ...attempt, ...outcome };
    }
  }

  private outcomeOf(candidateId: string | undefined): Partial<Attempt> {
    const evaluation = candidateId === undefined ? undefined : this.candidates.get(candidateId)?.evaluation;
    if (evaluation === undefined) return {};
    return { status: evaluation.status, score: evaluation.score, feedback: evaluation.feedback };
  }

  private pushAttempt(attempt: Attempt): void {
    this.recentAttempts.push(attempt);
    if (this.recentAttempts.length > recentAttemptLimit) this.recentAttempts.shift();
  }
}

/** Builds the state of a run from its events. */
export function projectRun(events: Iterable<RunEvent>): RunState {
  const state = new RunState();
  for (const event of events) state.apply(event);
  return state;
}
