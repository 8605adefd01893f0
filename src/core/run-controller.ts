/**
 * The run controller: an asynchronous pipeline with separate concurrency for proposals (LLM calls) and
 * evaluations, driven by a pure strategy, writing every step to the event log before acting on it.
 *
 * It touches no file, process or network itself: the store, the executor, the proposers and the clock
 * come in through `ControllerDependencies`.
 */
import type { Candidate } from '../spec/candidate.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { NewEvent, RunEvent, RunSettings } from '../spec/events.ts';
import type { Executor } from '../spec/executor.ts';
import type { LlmClient, TokenUsage } from '../spec/llm.ts';
import type { Budget, ModelSpec, ResolvedProblem } from '../spec/problem.ts';
import type { ProposalRequest } from '../spec/proposal.ts';
import type { Proposer } from '../spec/proposer.ts';
import type { CandidateRecord } from '../spec/run-view.ts';
import type { EventStore } from '../spec/store.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { planDataAcquisition } from './active-data.ts';
import { budgetStopReason, proposalFits } from './budget.ts';
import { candidateFeatures } from './candidate-features.ts';
import { mainFileContent, makeCandidate } from './candidate-id.ts';
import { RatchetError } from './errors.ts';
import { type EvaluationCache, evaluationCacheKey, isCacheable } from './evaluation-cache.ts';
import { type GateEvaluation, planPromotion, promotionWithoutGates } from './promotion.ts';
import { chooseModel, proposalInputs } from './proposal-inputs.ts';
import { createRandom } from './random.ts';
import { recordingLlmClient } from './recording-llm-client.ts';
import { RunState } from './run-state.ts';
import { type RunSummary, summarizeRun } from './run-summary.ts';

export interface ControllerDependencies {
  readonly store: EventStore;
  readonly executor: Executor;
  readonly proposerFor: (model: ModelSpec) => Proposer;
  /** The LLM client for a model string, or null for non-LLM proposers (`mutate`). */
  readonly llmClientFor: (model: string) => LlmClient | null;
  readonly costOf: (model: string, usage: TokenUsage) => number;
  /** Content hash of the evaluator bundle, carried by every evaluation job. */
  readonly bundleHash: string;
  readonly clock: () => number;
  /** Aborting stops the run promptly: in-flight proposals are recorded as interrupted. */
  readonly signal?: AbortSignal;
  /**
   * Checks a new candidate before it is evaluated (novelty against the run's candidates, static checks).
   * A refusal ends the proposal as `rejected` with the reason; nothing is evaluated.
   */
  readonly screenCandidate?: (candidate: Candidate, view: RunState) => Promise<CandidateScreening>;
  /** Results of identical earlier evaluations (other runs), reused instead of evaluating again. */
  readonly cache?: EvaluationCache;
  /**
   * The critic: after every main evaluation, asked about the candidate through the recorded LLM client of
   * `model`; its answer becomes a `critique-end` event. Null answers are skipped.
   */
  readonly critic?: {
    readonly model: string;
    critique(input: {
      readonly candidate: Candidate;
      readonly record: CandidateRecord;
      readonly problem: ResolvedProblem;
      readonly llm: LlmClient;
      readonly signal: AbortSignal;
    }): Promise<{ readonly critique: string; readonly value?: number } | null>;
  };
  /** Called after every appended event, with the state that includes it. */
  readonly onEvent?: (event: RunEvent, state: RunState) => void;
}

export type CandidateScreening =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly similarity?: number;
      readonly similarTo?: string;
    };

// biome-ignore lint/suspicious/noExplicitAny: strategies differ in state and option types
type AnyStrategy = StrategyDefinition<any, any>;

export class RunController {
  readonly state: RunState;
  private strategyState: unknown;
  private readonly candidates = new Map<string, Candidate>();
  /** Main evaluations waiting for a slot (candidate ids, in order). */
  private readonly evaluationQueue: string[] = [];
  /** Gate evaluations waiting for a slot; they go before main ones, to unblock decisions. */
  private readonly gateQueue: GateEvaluation[] = [];
  private readonly tasks = new Set<Promise<void>>();
  private readonly work = new AbortController();
  private proposalsRunning = 0;
  private llmProposalsRunning = 0;
  private evaluationsRunning = 0;
  private strategyStop: string | null = null;
  private fatal: unknown = null;
  private segmentStart = 0;
  private priorActiveMs = 0;
  private wake: (() => void) | null = null;

  private constructor(
    private readonly runId: string,
    private readonly strategy: AnyStrategy,
    private readonly dependencies: ControllerDependencies,
  ) {
    this.state = new RunState();
  }

  /** Starts a new run: records `run-start`, stores the seed and queues its evaluation. */
  static start(
    runId: string,
    problem: ResolvedProblem,
    settings: RunSettings,
    strategy: AnyStrategy,
    dependencies: ControllerDependencies,
  ): RunController {
    const controller = new RunController(runId, strategy, dependencies);
    controller.initStrategy(problem);
    dependencies.store.createRun({
      runId,
      problemName: problem.name,
      problemDir: problem.dir,
      createdAt: dependencies.clock(),
    });
    const seed = makeCandidate(problem.seed);
    dependencies.store.putCandidate(seed);
    controller.candidates.set(seed.id, seed);
    controller.emit([
      { type: 'run-start', data: { problem, settings } },
      {
        type: 'candidate-add',
        data: {
          candidateId: seed.id,
          parentIds: [],
          origin: 'seed',
          features: candidateFeatures(seed.files, problem.mainFile, problem.language),
        },
      },
    ]);
    controller.evaluationQueue.push(seed.id);
    return controller;
  }

  /**
   * Resumes a run from its log: proposals that were in flight are recorded as interrupted, evaluations
   * that never ended are started again, nothing that was recorded is repeated.
   */
  static resume(
    runId: string,
    strategy: AnyStrategy,
    dependencies: ControllerDependencies,
    budget?: Budget,
  ): RunController {
    const controller = new RunController(runId, strategy, dependencies);
    const events = dependencies.store.iterate(runId);
    let initialised = false;
    for (const event of events) {
      controller.state.apply(event);
      if (!initialised) {
        if (event.type !== 'run-start')
          throw new RatchetError('store', `run ${runId} does not begin with run-start`);
        controller.initStrategy(event.data.problem);
        initialised = true;
      }
      controller.strategyState = strategy.apply(controller.strategyState, event, controller.state);
    }
    if (!initialised) throw new RatchetError('not-found', `run ${runId} has no events`);
    const interruptedProposals = [...controller.state.inFlight.proposals.keys()];
    const interruptedEvaluations = [...controller.state.inFlight.evaluations.keys()];
    const proposals = [...controller.state.inFlight.proposals.values()];
    controller.emit([
      {
        type: 'run-resume',
        data: { interruptedProposals, interruptedEvaluations, ...(budget === undefined ? {} : { budget }) },
      },
      ...proposals.map(
        (proposal): NewEvent => ({
          type: 'proposal-end',
          data: {
            proposalId: proposal.proposalId,
            outcome: 'interrupted',
            parentIds: proposal.request.parentIds,
            origin: proposal.model === 'mutate' ? 'mutate' : 'llm',
            reason: 'the process stopped while the proposal was in flight',
          },
        }),
      ),
    ]);
    for (const id of controller.state.candidates.keys()) {
      if (!controller.state.evaluatedIds.has(id)) controller.evaluationQueue.push(id);
    }
    return controller;
  }

  /** Runs until a budget, the strategy or an abort ends it; records `run-end` and returns the summary. */
  async drive(): Promise<RunSummary> {
    this.segmentStart = this.dependencies.clock();
    this.priorActiveMs = this.state.activeMs;
    const onAbort = (): void => this.interrupt();
    this.dependencies.signal?.addEventListener('abort', onAbort, { once: true });
    const wallTimer = this.startWallTimer();
    try {
      for (;;) {
        if (this.fatal !== null) throw this.fatal;
        const stop = this.stopReason();
        if (!this.work.signal.aborted) this.planGates();
        if (!this.work.signal.aborted) this.acquireData();
        this.pumpEvaluations();
        if (stop === null) this.fillProposals();
        if (this.tasks.size === 0) {
          if (this.fatal !== null) throw this.fatal;
          const reason = stop ?? this.strategyStop ?? 'strategy: nothing left to propose';
          const status = this.dependencies.signal?.aborted === true ? 'stopped' : 'completed';
          this.emit([{ type: 'run-end', data: { status, reason } }]);
          return summarizeRun(this.state);
        }
        await this.nextWake();
      }
    } catch (error) {
      this.interrupt();
      await Promise.allSettled([...this.tasks]);
      const message = error instanceof Error ? error.message : String(error);
      this.emit([{ type: 'run-end', data: { status: 'failed', reason: message } }]);
      throw error;
    } finally {
      if (wallTimer !== undefined) clearInterval(wallTimer);
      this.dependencies.signal?.removeEventListener('abort', onAbort);
    }
  }

  private initStrategy(problem: ResolvedProblem): void {
    const parsed = this.strategy.parseOptions(problem.strategy.options);
    if (!parsed.ok) {
      throw new RatchetError('bad-input', `strategy ${this.strategy.name}: ${parsed.issues.join('; ')}`, {
        field: 'strategy',
      });
    }
    this.strategyState = this.strategy.init(parsed.value, problem);
  }

  private emit(events: readonly NewEvent[]): RunEvent[] {
    const stored = this.dependencies.store.append(this.runId, events, this.dependencies.clock());
    for (const event of stored) {
      this.state.apply(event);
      this.strategyState = this.strategy.apply(this.strategyState, event, this.state);
      this.dependencies.onEvent?.(event, this.state);
    }
    return stored;
  }

  private activeMs(): number {
    return this.priorActiveMs + (this.dependencies.clock() - this.segmentStart);
  }

  private stopReason(): string | null {
    if (this.dependencies.signal?.aborted === true) return 'interrupted';
    const limit = this.state.problem.gates?.maxConsecutiveDiscards;
    if (limit !== undefined && this.state.consecutiveDiscards >= limit) {
      return `${limit} consecutive discards: no candidate passed the gates`;
    }
    return budgetStopReason(this.state, this.state.budget, this.activeMs());
  }

  /** Records the promotion decisions that are ready and queues the gate evaluations they wait for. */
  private planGates(): void {
    for (;;) {
      const plan = planPromotion(this.state, (id) =>
        mainFileContent(this.candidate(id), this.state.problem.mainFile),
      );
      for (const evaluation of plan.evaluations) {
        if (
          !this.gateQueue.some(
            (queued) =>
              queued.candidateId === evaluation.candidateId && queued.purpose === evaluation.purpose,
          )
        ) {
          this.gateQueue.push(evaluation);
        }
      }
      if (plan.decision === null) return;
      this.emit([plan.decision]);
    }
  }

  private startWallTimer(): ReturnType<typeof setInterval> | undefined {
    const seconds = this.state.budget.wallTimeSeconds;
    if (seconds === undefined) return undefined;
    return setInterval(() => {
      if (this.activeMs() >= seconds * 1000) this.interrupt();
      this.wake?.();
    }, 250);
  }

  /** Aborts in-flight proposals and evaluations (they will be redone on resume). */
  private interrupt(): void {
    if (!this.work.signal.aborted) this.work.abort();
    this.wake?.();
  }

  private nextWake(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
    });
  }

  private track(task: Promise<void>): void {
    const tracked = task
      .catch((error: unknown) => {
        if (this.fatal === null) this.fatal = error;
      })
      .finally(() => {
        this.tasks.delete(tracked);
        this.wake?.();
      });
    this.tasks.add(tracked);
  }

  private fillProposals(): void {
    const { llm, evaluations } = this.state.problem.concurrency;
    while (
      this.strategyStop === null &&
      this.proposalsRunning < llm &&
      this.proposalsRunning + this.evaluationQueue.length < llm + evaluations &&
      proposalFits(this.state, this.state.budget, {
        proposals: this.proposalsRunning,
        llmProposals: this.llmProposalsRunning,
        queuedEvaluations: this.evaluationQueue.length,
      })
    ) {
      const index = this.state.counts.proposals;
      const random = createRandom(this.state.settings.seed, 'strategy', index);
      const decision = this.strategy.next(this.strategyState, this.state, { random, proposalIndex: index });
      if (decision.kind === 'wait') return;
      if (decision.kind === 'stop') {
        this.strategyStop = `strategy: ${decision.reason}`;
        return;
      }
      this.startProposal(decision.request, index, random);
    }
  }

  private startProposal(
    request: ProposalRequest,
    index: number,
    random: ReturnType<typeof createRandom>,
  ): void {
    const model = chooseModel(this.state.problem, request, random);
    const proposalId = `p${index}`;
    const client = this.dependencies.llmClientFor(model.model);
    this.emit([{ type: 'proposal-start', data: { proposalId, index, request, model: model.model } }]);
    this.proposalsRunning += 1;
    if (client !== null) this.llmProposalsRunning += 1;
    this.track(
      this.runProposal(proposalId, index, request, model, client).finally(() => {
        this.proposalsRunning -= 1;
        if (client !== null) this.llmProposalsRunning -= 1;
      }),
    );
  }

  private async runProposal(
    proposalId: string,
    index: number,
    request: ProposalRequest,
    model: ModelSpec,
    client: LlmClient | null,
  ): Promise<void> {
    const origin = request.mode === 'crossover' ? 'crossover' : model.model === 'mutate' ? 'mutate' : 'llm';
    const end = (
      data: Omit<Extract<NewEvent, { type: 'proposal-end' }>['data'], 'proposalId' | 'parentIds'>,
    ): void => {
      this.emit([{ type: 'proposal-end', data: { proposalId, parentIds: request.parentIds, ...data } }]);
    };
    const problem = this.state.problem;
    let result: Awaited<ReturnType<Proposer['propose']>>;
    try {
      result = await this.dependencies.proposerFor(model).propose({
        proposalId,
        request,
        problem,
        model,
        ...proposalInputs(this.state, request, (id) => this.candidate(id)),
        random: createRandom(this.state.settings.seed, 'proposer', index),
        signal: this.work.signal,
        llm:
          client === null
            ? null
            : recordingLlmClient(client, {
                proposalId,
                costOf: this.dependencies.costOf,
                clock: this.dependencies.clock,
                emit: (event) => this.emit([event]),
              }),
      });
    } catch (error) {
      if (this.work.signal.aborted) {
        end({ outcome: 'interrupted', origin, reason: 'the run was stopped' });
        return;
      }
      if (RatchetError.is(error) && error.code === 'bad-input') throw error;
      end({
        outcome: 'failed',
        origin,
        reason: `proposer error: ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    if (this.work.signal.aborted) {
      end({ outcome: 'interrupted', origin, reason: 'the run was stopped' });
      return;
    }
    if (!result.ok) {
      end({ outcome: 'failed', origin, reason: result.reason });
      return;
    }
    const candidate = makeCandidate(result.files);
    if (this.state.candidates.has(candidate.id)) {
      end({
        outcome: 'duplicate',
        origin: result.origin,
        candidateId: candidate.id,
        summary: result.summary,
        reason: 'identical to a candidate already in this run; not evaluated again',
      });
      return;
    }
    if (this.dependencies.screenCandidate !== undefined) {
      const screening = await this.dependencies.screenCandidate(candidate, this.state);
      if (!screening.ok) {
        end({
          outcome: 'rejected',
          origin: result.origin,
          summary: result.summary,
          reason: screening.reason,
          ...(screening.similarity === undefined ? {} : { similarity: screening.similarity }),
          ...(screening.similarTo === undefined ? {} : { similarTo: screening.similarTo }),
        });
        return;
      }
    }
    this.dependencies.store.putCandidate(candidate);
    this.candidates.set(candidate.id, candidate);
    this.emit([
      {
        type: 'proposal-end',
        data: {
          proposalId,
          outcome: 'candidate',
          parentIds: request.parentIds,
          origin: result.origin,
          candidateId: candidate.id,
          summary: result.summary,
        },
      },
      {
        type: 'candidate-add',
        data: {
          candidateId: candidate.id,
          parentIds: request.parentIds,
          origin: result.origin,
          proposalId,
          features: candidateFeatures(candidate.files, problem.mainFile, problem.language),
        },
      },
    ]);
    this.evaluationQueue.push(candidate.id);
    this.pumpEvaluations();
  }

  /**
   * Starts queued evaluations up to the capacity: gate evaluations first. Once a budget has stopped the
   * run, only gate evaluations still start (they decide about candidates already evaluated).
   */
  private pumpEvaluations(): void {
    if (this.work.signal.aborted) return;
    const stopped = this.stopReason() !== null;
    const capacity = Math.min(
      this.state.problem.concurrency.evaluations,
      this.dependencies.executor.capacity,
    );
    while (this.evaluationsRunning < capacity) {
      const gate = this.gateQueue.shift();
      if (gate !== undefined) {
        this.startEvaluation(gate.candidateId, gate.purpose);
        continue;
      }
      if (stopped || this.evaluationQueue.length === 0) return;
      this.startEvaluation(this.evaluationQueue.shift() as string, 'optimize');
    }
  }

  private startEvaluation(candidateId: string, purpose: 'optimize' | 'validate' | 'confirm'): void {
    const evaluationId = `e${this.state.evaluationStarts + 1}`;
    const instances = this.state.problem.instances?.[purpose];
    const gate = purpose === 'optimize' ? {} : { purpose };
    // active data: the evaluation receives the probes acquired so far and records their number
    const data = this.state.problem.activeData === undefined ? undefined : this.state.data;
    this.emit([
      {
        type: 'evaluation-start',
        data: {
          evaluationId,
          candidateId,
          ...gate,
          ...(instances === undefined ? {} : { instances }),
          ...(data === undefined ? {} : { dataVersion: data.length }),
        },
      },
    ]);
    const cacheKey =
      this.dependencies.cache === undefined
        ? null
        : evaluationCacheKey(this.state.problem, candidateId, this.dependencies.bundleHash, instances);
    const cached = cacheKey === null ? undefined : this.dependencies.cache?.get(cacheKey);
    if (cached !== undefined) {
      this.recordEvaluation(evaluationId, candidateId, purpose, cached, true);
      return;
    }
    this.evaluationsRunning += 1;
    const job = {
      runId: this.runId,
      evaluationId,
      candidate: this.candidate(candidateId),
      problem: this.state.problem,
      bundleHash: this.dependencies.bundleHash,
      ...(instances === undefined ? {} : { instances }),
      ...(data === undefined ? {} : { data }),
    };
    this.track(
      this.dependencies.executor
        .evaluate(job, { signal: this.work.signal })
        .then(
          (result) => {
            // an aborted evaluation is not recorded: the resume starts it again
            if (this.work.signal.aborted) return;
            if (cacheKey !== null && isCacheable(result)) this.dependencies.cache?.put(cacheKey, result);
            this.recordEvaluation(evaluationId, candidateId, purpose, result, false);
          },
          (error: unknown) => {
            if (!this.work.signal.aborted) throw error;
          },
        )
        .finally(() => {
          this.evaluationsRunning -= 1;
          if (!this.work.signal.aborted) this.pumpEvaluations();
        }),
    );
  }

  private recordEvaluation(
    evaluationId: string,
    candidateId: string,
    purpose: 'optimize' | 'validate' | 'confirm',
    result: EvaluationResult,
    cached: boolean,
  ): void {
    const end: NewEvent = {
      type: 'evaluation-end',
      data: {
        evaluationId,
        candidateId,
        result,
        ...(purpose === 'optimize' ? {} : { purpose }),
        ...(cached ? { cached: true } : {}),
      },
    };
    // without gates a new best is promoted in the same atomic append as its result
    const promotion =
      purpose === 'optimize' && this.state.problem.gates === undefined
        ? promotionWithoutGates(this.state, candidateId, result)
        : null;
    this.emit(promotion === null ? [end] : [end, promotion]);
    if (this.state.problem.gates !== undefined) this.planGates();
    if (purpose === 'optimize') this.startCritique(candidateId);
    if (purpose === 'optimize') this.acquireData();
  }

  /** Active data: records the acquisition that is due, if any (a pure decision, see `active-data.ts`). */
  private acquireData(): void {
    const acquisition = planDataAcquisition(this.state);
    if (acquisition !== null) this.emit([acquisition]);
  }

  private startCritique(candidateId: string): void {
    const critic = this.dependencies.critic;
    const record = this.state.candidates.get(candidateId);
    if (critic === undefined || record === undefined || this.work.signal.aborted) return;
    const client = this.dependencies.llmClientFor(critic.model);
    if (client === null) return;
    const llm = recordingLlmClient(client, {
      proposalId: record.proposalId ?? 'seed',
      callPrefix: 'critic',
      costOf: this.dependencies.costOf,
      clock: this.dependencies.clock,
      emit: (event) => this.emit([event]),
    });
    this.track(
      critic
        .critique({
          candidate: this.candidate(candidateId),
          record,
          problem: this.state.problem,
          llm,
          signal: this.work.signal,
        })
        .then(
          (answer) => {
            if (answer === null || this.work.signal.aborted) return;
            this.emit([
              {
                type: 'critique-end',
                data: {
                  candidateId,
                  critique: answer.critique,
                  model: critic.model,
                  ...(answer.value === undefined ? {} : { value: answer.value }),
                },
              },
            ]);
          },
          (error: unknown) => {
            if (!this.work.signal.aborted) throw error;
          },
        ),
    );
  }

  private candidate(id: string): Candidate {
    let candidate = this.candidates.get(id);
    if (candidate === undefined) {
      candidate = this.dependencies.store.getCandidate(id);
      if (candidate === undefined)
        throw new RatchetError('store', `candidate ${id} is missing from the store`);
      this.candidates.set(id, candidate);
    }
    return candidate;
  }
}
