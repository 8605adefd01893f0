/**
 * Runs written straight into an event store, event by event, for the dashboard's and the report's
 * tests: the same events a controller records, with content, scores, prompts and times the test
 * chooses (including hostile strings).
 */
import { makeCandidate } from '../../core/candidate-id.ts';
import type { CandidateFile } from '../../spec/candidate.ts';
import type { EvaluationStatus, Metrics } from '../../spec/evaluation.ts';
import type { NewEvent, RunEndStatus } from '../../spec/events.ts';
import type { ResolvedProblem } from '../../spec/problem.ts';
import type { EventStore } from '../../spec/store.ts';
import { toyProblem } from '../../strategies/toy-world.ts';

/** A complete resolved problem (the strategy suite's toy problem, renamed, with an LLM model); `overrides` win. */
export function syntheticProblem(overrides: Partial<ResolvedProblem> = {}): ResolvedProblem {
  return {
    ...toyProblem({ strategy: 'refine', evaluations: 20, concurrency: { llm: 1, evaluations: 1 } }),
    name: 'synthetic',
    dir: '/tmp/synthetic',
    description: 'Make x large.',
    seed: [{ path: 'main.py', content: 'x = 1\nprint(x)\n' }],
    objective: { metric: 'score', direction: 'maximize' },
    models: [{ model: 'compatible:mock@http://127.0.0.1:1/v1', weight: 1 }],
    ...overrides,
  };
}

export interface SyntheticProposal {
  readonly parentId: string;
  readonly files: readonly CandidateFile[];
  readonly status?: EvaluationStatus;
  /** The score of a `scored` evaluation (also recorded as the objective metric). */
  readonly score?: number;
  readonly metrics?: Metrics;
  readonly feedback?: string;
  readonly artifacts?: Readonly<Record<string, string>>;
  /** The user message of the recorded LLM call. */
  readonly prompt?: string;
  /** The recorded answer. */
  readonly response?: string;
  readonly summary?: string;
  readonly costUsd?: number;
}

export class SyntheticRun {
  private now: number;
  private proposals = 0;
  private evaluations = 0;
  readonly seedId: string;

  private constructor(
    private readonly store: EventStore,
    readonly runId: string,
    readonly problem: ResolvedProblem,
    startAt: number,
    private readonly stepMs: number,
  ) {
    this.now = startAt;
    this.seedId = makeCandidate(problem.seed).id;
  }

  /** Records `run-start` and the seed with its evaluation. */
  static start(
    store: EventStore,
    options: {
      readonly runId: string;
      readonly problem?: ResolvedProblem;
      readonly startAt?: number;
      readonly stepMs?: number;
      readonly seedScore?: number;
    },
  ): SyntheticRun {
    const problem = options.problem ?? syntheticProblem();
    const run = new SyntheticRun(
      store,
      options.runId,
      problem,
      options.startAt ?? 1_700_000_000_000,
      options.stepMs ?? 1000,
    );
    store.createRun({
      runId: run.runId,
      problemName: problem.name,
      problemDir: problem.dir,
      createdAt: run.now,
    });
    const seed = makeCandidate(problem.seed);
    store.putCandidate(seed);
    run.append([
      { type: 'run-start', data: { problem, settings: { seed: 0, ratchetVersion: 'test' } } },
      { type: 'candidate-add', data: { candidateId: seed.id, parentIds: [], origin: 'seed' } },
    ]);
    run.evaluate(seed.id, 'scored', options.seedScore ?? 1, {}, 'seed evaluated', {});
    return run;
  }

  private append(events: readonly NewEvent[]): void {
    this.now += this.stepMs;
    this.store.append(this.runId, events, this.now);
  }

  private evaluate(
    candidateId: string,
    status: EvaluationStatus,
    score: number | undefined,
    metrics: Metrics,
    feedback: string,
    artifacts: Readonly<Record<string, string>>,
  ): void {
    this.evaluations += 1;
    const evaluationId = `e${this.evaluations}`;
    const scored = status === 'scored' && score !== undefined;
    const metric = this.problem.objective.metric;
    this.append([{ type: 'evaluation-start', data: { evaluationId, candidateId } }]);
    this.append([
      {
        type: 'evaluation-end',
        data: {
          evaluationId,
          candidateId,
          result: {
            status,
            metrics: scored ? { [metric]: score, ...metrics } : metrics,
            score: scored ? score : null,
            feedback,
            artifacts,
            usage: { durationMs: 120 },
          },
        },
      },
    ]);
  }

  /** A proposal through a recorded LLM call that makes a candidate, then its evaluation. */
  propose(proposal: SyntheticProposal): string {
    const proposalId = `p${this.proposals}`;
    this.proposals += 1;
    const candidate = makeCandidate(proposal.files);
    this.store.putCandidate(candidate);
    const model = this.problem.models[0]?.model ?? 'mutate';
    const request = { mode: 'improve' as const, parentIds: [proposal.parentId], inspirationIds: [] };
    const callId = `${proposalId}.c1`;
    this.append([
      { type: 'proposal-start', data: { proposalId, index: this.proposals - 1, request, model } },
      {
        type: 'llm-call-start',
        data: {
          proposalId,
          callId,
          request: {
            model,
            messages: [
              { role: 'system', content: 'You improve programs.' },
              { role: 'user', content: proposal.prompt ?? 'Improve the program.' },
            ],
          },
        },
      },
    ]);
    this.append([
      {
        type: 'llm-call-end',
        data: {
          proposalId,
          callId,
          model,
          ok: true,
          text: proposal.response ?? 'Here is the change.',
          usage: { inputTokens: 900, outputTokens: 300 },
          costUsd: proposal.costUsd ?? 0.001,
          durationMs: 800,
          attempts: 1,
        },
      },
      {
        type: 'proposal-end',
        data: {
          proposalId,
          outcome: 'candidate',
          candidateId: candidate.id,
          parentIds: [proposal.parentId],
          origin: 'llm',
          summary: proposal.summary ?? '1 block, +1 −1 lines',
        },
      },
      {
        type: 'candidate-add',
        data: { candidateId: candidate.id, parentIds: [proposal.parentId], origin: 'llm', proposalId },
      },
    ]);
    this.evaluate(
      candidate.id,
      proposal.status ?? 'scored',
      proposal.score,
      proposal.metrics ?? {},
      proposal.feedback ?? '',
      proposal.artifacts ?? {},
    );
    return candidate.id;
  }

  /** A proposal that made no candidate. */
  failProposal(parentId: string, reason: string): void {
    const proposalId = `p${this.proposals}`;
    this.proposals += 1;
    this.append([
      {
        type: 'proposal-start',
        data: {
          proposalId,
          index: this.proposals - 1,
          request: { mode: 'improve', parentIds: [parentId], inspirationIds: [] },
          model: 'mutate',
        },
      },
      {
        type: 'proposal-end',
        data: { proposalId, outcome: 'failed', parentIds: [parentId], origin: 'mutate', reason },
      },
    ]);
  }

  end(status: RunEndStatus = 'completed', reason = 'budget: evaluations'): void {
    this.append([{ type: 'run-end', data: { status, reason } }]);
  }
}
