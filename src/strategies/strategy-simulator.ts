/**
 * Drives a strategy without the controller: a deterministic, in-process world proposes and evaluates, and
 * every step is written as the same events the controller would write, folded into a real `RunState` and
 * the strategy. Used by the contract suite (determinism, legal parents, fold == live) and by
 * `bench/strategies.ts` (cost per selection step at 10,000 and 100,000 candidates).
 */
import { candidateFeatures } from '../core/candidate-features.ts';
import { makeCandidate } from '../core/candidate-id.ts';
import { createRandom } from '../core/random.ts';
import { RunState } from '../core/run-state.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { NewEvent, RunEvent } from '../spec/events.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import type { ProposalRequest } from '../spec/proposal.ts';
import type { Random } from '../spec/random.ts';
import type { RunView } from '../spec/run-view.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';

/** The proposer and evaluator of a simulated problem (main-file content in, content or result out). */
export interface SimulatedWorld {
  readonly problem: ResolvedProblem;
  propose(
    request: ProposalRequest,
    parents: readonly string[],
    random: Random,
    index: number,
  ): { readonly ok: true; readonly content: string } | { readonly ok: false; readonly reason: string };
  evaluate(content: string): EvaluationResult;
}

/** Why a request is illegal for the contract, or null: parents must be scored, except fix and fresh-from-seed. */
export function requestViolation(request: ProposalRequest, view: RunView): string | null {
  if (request.parentIds.length === 0) return 'a request without a parent';
  if (request.mode === 'crossover' && request.parentIds.length !== 2) return 'a crossover needs two parents';
  for (const id of request.parentIds) {
    const evaluation = view.candidates.get(id)?.evaluation;
    if (evaluation === undefined) return `${request.mode} from unevaluated parent ${id}`;
    const freshFromSeed = request.mode === 'fresh' && id === view.seedId;
    if (request.mode !== 'fix' && !freshFromSeed && evaluation.status !== 'scored')
      return `${request.mode} from ${evaluation.status} parent ${id}`;
  }
  for (const id of request.inspirationIds) {
    if (view.candidates.get(id)?.evaluation === undefined) return `unevaluated inspiration ${id}`;
  }
  return null;
}

// biome-ignore lint/suspicious/noExplicitAny: any strategy
type AnyStrategy = StrategyDefinition<any, any>;

/** How the simulator drives the strategy. */
export interface SimulatorOptions {
  readonly seed: number;
  /** Proposals resolved in first-in-first-out order once this many are in flight (default 1). */
  readonly concurrency?: number;
  /** Keep every event (the contract suite folds them again); the benchmark does not. */
  readonly keepEvents?: boolean;
}

/** Folds simulated proposals and evaluations through a `RunState` and the strategy (see the file comment). */
export class StrategySimulator {
  readonly view = new RunState();
  readonly events: RunEvent[] = [];
  readonly requests: ProposalRequest[] = [];
  readonly violations: string[] = [];
  state: unknown;
  /** Time spent inside the strategy's `next` and `apply`, in ms, and the number of `next` calls. */
  nextMs = 0;
  applyMs = 0;
  nextCalls = 0;
  stopped: string | null = null;
  /** Proposals made so far (the requests themselves are kept only with `keepEvents`). */
  proposals = 0;
  private readonly contents = new Map<string, string>();
  private readonly inFlight: { proposalId: string; request: ProposalRequest; index: number }[] = [];
  private seq = 0;
  private index = 0;

  constructor(
    private readonly strategy: AnyStrategy,
    private readonly world: SimulatedWorld,
    private readonly options: SimulatorOptions,
  ) {
    const problem = world.problem;
    const parsed = strategy.parseOptions(problem.strategy.options);
    if (!parsed.ok) throw new Error(`strategy ${strategy.name}: ${parsed.issues.join('; ')}`);
    this.state = strategy.init(parsed.value, problem);
    const seedContent = problem.seed.find((file) => file.path === problem.mainFile)?.content ?? '';
    const seedId = this.addCandidate(seedContent);
    this.emit({
      type: 'run-start',
      data: { problem, settings: { seed: options.seed, ratchetVersion: 'simulator' } },
    });
    this.evaluate(seedId, [], undefined);
  }

  /** Candidates in the run. */
  get population(): number {
    return this.view.candidates.size;
  }

  /** Asks the strategy once and acts on its decision; returns false when it stopped or is stuck. */
  step(): boolean {
    if (this.stopped !== null) return false;
    const index = this.index;
    const started = performance.now();
    const decision = this.strategy.next(this.state, this.view, {
      random: createRandom(this.options.seed, 'strategy', index),
      proposalIndex: index,
    });
    this.nextMs += performance.now() - started;
    this.nextCalls += 1;
    if (decision.kind === 'stop') {
      this.stopped = decision.reason;
      return false;
    }
    if (decision.kind === 'wait') {
      if (this.inFlight.length === 0) {
        this.stopped = 'waiting with nothing in flight';
        return false;
      }
      this.resolveOldest();
      return true;
    }
    const violation = requestViolation(decision.request, this.view);
    if (violation !== null) this.violations.push(`p${index}: ${violation}`);
    this.proposals += 1;
    if (this.options.keepEvents !== false) this.requests.push(decision.request);
    const proposalId = `p${index}`;
    this.index += 1;
    const model = this.world.problem.models[0]?.model ?? 'mutate';
    this.emit({ type: 'proposal-start', data: { proposalId, index, request: decision.request, model } });
    this.inFlight.push({ proposalId, request: decision.request, index });
    if (this.inFlight.length >= (this.options.concurrency ?? 1)) this.resolveOldest();
    return true;
  }

  /** Runs until `proposals` proposals were made, the strategy stops, or it is stuck. */
  run(proposals: number): this {
    while (this.index < proposals && this.step()) {}
    while (this.inFlight.length > 0) this.resolveOldest();
    return this;
  }

  private emit(event: NewEvent): void {
    this.seq += 1;
    const stored = { ...event, seq: this.seq, runId: 'simulation', at: this.seq } as RunEvent;
    this.view.apply(stored);
    const started = performance.now();
    this.state = this.strategy.apply(this.state, stored, this.view);
    this.applyMs += performance.now() - started;
    if (this.options.keepEvents !== false) this.events.push(stored);
  }

  private addCandidate(content: string): string {
    const candidate = makeCandidate([{ path: this.world.problem.mainFile, content }]);
    this.contents.set(candidate.id, content);
    return candidate.id;
  }

  private evaluate(candidateId: string, parentIds: readonly string[], proposalId: string | undefined): void {
    const problem = this.world.problem;
    const content = this.contents.get(candidateId) ?? '';
    const origin = proposalId === undefined ? 'seed' : 'mutate';
    const features = candidateFeatures(
      [{ path: problem.mainFile, content }],
      problem.mainFile,
      problem.language,
    );
    this.emit({
      type: 'candidate-add',
      data: { candidateId, parentIds, origin, features, ...(proposalId === undefined ? {} : { proposalId }) },
    });
    const evaluationId = `e${this.view.evaluationStarts + 1}`;
    this.emit({ type: 'evaluation-start', data: { evaluationId, candidateId } });
    this.emit({
      type: 'evaluation-end',
      data: { evaluationId, candidateId, result: this.world.evaluate(content) },
    });
  }

  private resolveOldest(): void {
    const proposal = this.inFlight.shift();
    if (proposal === undefined) return;
    const { proposalId, request, index } = proposal;
    const parents = request.parentIds.map((id) => this.contents.get(id) ?? '');
    const result = this.world.propose(
      request,
      parents,
      createRandom(this.options.seed, 'proposer', index),
      index,
    );
    const base = { proposalId, parentIds: request.parentIds, origin: 'mutate' as const };
    if (!result.ok) {
      this.emit({ type: 'proposal-end', data: { ...base, outcome: 'failed', reason: result.reason } });
      return;
    }
    const candidateId = this.addCandidate(result.content);
    if (this.view.candidates.has(candidateId)) {
      this.emit({ type: 'proposal-end', data: { ...base, outcome: 'duplicate', candidateId } });
      return;
    }
    this.emit({
      type: 'proposal-end',
      data: { ...base, outcome: 'candidate', candidateId, summary: 'simulated edit' },
    });
    this.evaluate(candidateId, request.parentIds, proposalId);
  }
}
