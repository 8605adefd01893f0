/**
 * The dashboard's projection of one run: the engine's `RunState`, plus what the views need that the
 * state does not keep — the series of evaluations, when each candidate last changed, spend per model,
 * failures by kind, the strategy's panels, and where each proposal's events sit in the log (so a
 * candidate's prompt and response are read back by `seq` instead of kept in memory).
 */
import { RunState } from '../core/run-state.ts';
import type { RunEvent } from '../spec/events.ts';
import type { CandidateRecord } from '../spec/run-view.ts';
import type { StrategyPanel } from '../spec/strategy.ts';
import type {
  EvaluationPoint,
  FailureCount,
  LineageNode,
  ModelSpend,
  RunOverview,
  RunSnapshot,
} from './protocol.ts';
import { foldStrategyPanels, type PanelFold } from './strategy-panels.ts';

/** Where a proposal's events are in the log. */
export interface ProposalSeqs {
  start: number;
  end?: number;
  /** callId → seqs of `llm-call-start` and `llm-call-end`. */
  readonly calls: Map<string, { start: number; end?: number }>;
}

type MutableSpend = {
  model: string;
  calls: number;
  failedCalls: number;
  input: number;
  output: number;
  cost: number;
};

const maxFailureKinds = 16;

/** Folds a run's events, in `seq` order, into what the dashboard serves. */
export class RunProjection {
  readonly state = new RunState();
  readonly points: EvaluationPoint[] = [];
  readonly proposals = new Map<string, ProposalSeqs>();
  private readonly nodeSeq = new Map<string, number>();
  private readonly summaries = new Map<string, string>();
  private readonly failures = new Map<string, number>();
  private readonly spend = new Map<string, MutableSpend>();
  private panelFold: PanelFold | null = null;
  private startedAt = 0;
  private lastEventAt = 0;

  get seq(): number {
    return this.state.lastSeq;
  }

  get started(): boolean {
    return this.panelFold !== null;
  }

  apply(event: RunEvent): void {
    const evaluationsBefore = this.state.counts.evaluations;
    this.state.apply(event);
    this.lastEventAt = event.at;
    if (event.type === 'run-start') {
      this.startedAt = event.at;
      this.panelFold = foldStrategyPanels(event.data.problem);
    }
    this.panelFold?.apply(event, this.state);
    switch (event.type) {
      case 'candidate-add':
        if (!this.nodeSeq.has(event.data.candidateId)) this.nodeSeq.set(event.data.candidateId, event.seq);
        break;
      case 'proposal-start':
        this.proposals.set(event.data.proposalId, { start: event.seq, calls: new Map() });
        break;
      case 'proposal-end': {
        const { proposalId, outcome, candidateId, summary, reason } = event.data;
        const seqs = this.proposals.get(proposalId);
        if (seqs !== undefined) seqs.end = event.seq;
        if (outcome === 'candidate' && candidateId !== undefined && summary !== undefined) {
          if (!this.summaries.has(candidateId)) {
            this.summaries.set(candidateId, summary);
            this.nodeSeq.set(candidateId, event.seq);
          }
        }
        if (outcome === 'failed' || outcome === 'rejected')
          this.countFailure(`proposal ${outcome}: ${reasonKind(reason)}`);
        else if (outcome === 'duplicate') this.countFailure('proposal duplicate');
        break;
      }
      case 'llm-call-start':
        this.proposals.get(event.data.proposalId)?.calls.set(event.data.callId, { start: event.seq });
        break;
      case 'llm-call-end': {
        const call = this.proposals.get(event.data.proposalId)?.calls.get(event.data.callId);
        if (call !== undefined) call.end = event.seq;
        this.addSpend(event.data.model, event.data.ok, event.data.usage, event.data.costUsd);
        if (!event.data.ok) this.countFailure(`llm call error: ${reasonKind(event.data.error)}`);
        break;
      }
      case 'evaluation-end':
        if (this.state.counts.evaluations > evaluationsBefore) this.addPoint(event);
        break;
      default:
        break;
    }
  }

  private addPoint(event: Extract<RunEvent, { type: 'evaluation-end' }>): void {
    const { candidateId, result } = event.data;
    this.nodeSeq.set(candidateId, event.seq);
    if (result.status !== 'scored') this.countFailure(`evaluation ${result.status}`);
    this.points.push({
      seq: event.seq,
      number: this.state.counts.evaluations,
      elapsedMs: this.state.activeMs,
      candidateId,
      status: result.status,
      score: result.score,
      best: this.state.best?.evaluation?.score ?? null,
    });
  }

  private countFailure(kind: string): void {
    const count = this.failures.get(kind);
    if (count !== undefined) this.failures.set(kind, count + 1);
    else if (this.failures.size < maxFailureKinds) this.failures.set(kind, 1);
    else this.failures.set('other', (this.failures.get('other') ?? 0) + 1);
  }

  private addSpend(
    model: string,
    ok: boolean,
    usage: { inputTokens: number; outputTokens: number },
    cost: number,
  ): void {
    let entry = this.spend.get(model);
    if (entry === undefined) {
      entry = { model, calls: 0, failedCalls: 0, input: 0, output: 0, cost: 0 };
      this.spend.set(model, entry);
    }
    entry.calls += 1;
    if (!ok) entry.failedCalls += 1;
    entry.input += usage.inputTokens;
    entry.output += usage.outputTokens;
    entry.cost += cost;
  }

  /** The candidate as a tree node. */
  node(record: CandidateRecord): LineageNode {
    const summary = this.summaries.get(record.id);
    return {
      id: record.id,
      parentIds: record.parentIds,
      origin: record.origin,
      status: record.evaluation?.status ?? null,
      score: record.evaluation?.score ?? null,
      evaluationNumber: record.evaluationNumber ?? null,
      updatedSeq: this.nodeSeq.get(record.id) ?? record.addedSeq,
      ...(summary === undefined ? {} : { summary }),
    };
  }

  /** Nodes that changed after `afterSeq` (all of them for 0). */
  nodesAfter(afterSeq: number): LineageNode[] {
    const nodes: LineageNode[] = [];
    for (const record of this.state.candidates.values()) {
      if ((this.nodeSeq.get(record.id) ?? record.addedSeq) > afterSeq) nodes.push(this.node(record));
    }
    return nodes;
  }

  /** Points whose evaluation ended after `afterSeq`. */
  pointsAfter(afterSeq: number): EvaluationPoint[] {
    let start = this.points.length;
    while (start > 0 && (this.points[start - 1] as EvaluationPoint).seq > afterSeq) start -= 1;
    return this.points.slice(start);
  }

  panels(): readonly StrategyPanel[] {
    return this.panelFold?.panels(this.state) ?? [];
  }

  overview(): RunOverview {
    const { state } = this;
    const { problem } = state;
    const bestScore = state.best?.evaluation?.score;
    return {
      runId: state.runId,
      problem: problem.name,
      description: problem.description,
      status: state.status,
      reason: state.endReason,
      objective: problem.objective,
      strategy: problem.strategy,
      models: problem.models,
      budget: state.budget,
      concurrency: problem.concurrency,
      sandbox: problem.sandbox.kind,
      timeoutSeconds: problem.timeoutSeconds,
      mainFile: problem.mainFile,
      language: problem.language,
      seed: state.settings.seed,
      ratchetVersion: state.settings.ratchetVersion,
      labels: state.settings.labels ?? {},
      startedAt: this.startedAt,
      lastEventAt: this.lastEventAt,
      activeMs: state.activeMs,
      counts: { ...state.counts, statuses: { ...state.counts.statuses } },
      failures: this.failureCounts(),
      seedId: state.seedId,
      championId: state.championId,
      best:
        state.best === null || bestScore === undefined || bestScore === null
          ? null
          : { candidateId: state.best.id, score: bestScore },
      spend: [...this.spend.values()].map(
        (entry): ModelSpend => ({
          model: entry.model,
          calls: entry.calls,
          failedCalls: entry.failedCalls,
          usage: { inputTokens: entry.input, outputTokens: entry.output },
          costUsd: entry.cost,
        }),
      ),
    };
  }

  private failureCounts(): FailureCount[] {
    return [...this.failures.entries()]
      .map(([kind, count]) => ({ kind, count }))
      .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  }

  /** Everything after `afterSeq`: a full snapshot for 0, a delta otherwise. */
  snapshot(afterSeq = 0): RunSnapshot {
    return {
      seq: this.seq,
      overview: this.overview(),
      points: afterSeq === 0 ? this.points : this.pointsAfter(afterSeq),
      nodes: this.nodesAfter(afterSeq),
      panels: this.panels(),
    };
  }
}

/** A reason grouped into a kind: its first line, numbers replaced by N, cut to 80 characters. */
export function reasonKind(reason: string | undefined): string {
  if (reason === undefined || reason.trim() === '') return 'no reason given';
  const line = (reason.trim().split('\n')[0] as string).replace(/\d+(\.\d+)?/g, 'N');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
