/**
 * Exact replay: re-derive every decision of a recorded run from its own log, offline, and check that the
 * same decisions, candidates and champions come out.
 *
 * For each proposal the strategy is asked again on the state the log had just before it (with the same
 * seeded randomness); the proposer runs again on the same inputs, with the recorded LLM responses played
 * back instead of the network; the promotions are decided again from the recorded evaluations. Because
 * each step is checked against the state the log itself describes, replay is exact whatever the
 * concurrency and timing of the original run.
 */
import type { Candidate } from '../spec/candidate.ts';
import type { NewEvent, RunEvent } from '../spec/events.ts';
import type { LlmClient, LlmRequest } from '../spec/llm.ts';
import type { ModelSpec } from '../spec/problem.ts';
import type { ProposalResult, Proposer } from '../spec/proposer.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { planDataAcquisition } from './active-data.ts';
import { makeCandidate } from './candidate-id.ts';
import { RatchetError } from './errors.ts';
import { planPromotion, promotionWithoutGates } from './promotion.ts';
import { chooseModel, proposalInputs } from './proposal-inputs.ts';
import { createRandom } from './random.ts';
import { RunState } from './run-state.ts';

export type ReplayMismatchKind =
  | 'decision'
  | 'model'
  | 'llm-request'
  | 'llm-calls'
  | 'outcome'
  | 'candidate'
  | 'promotion'
  | 'data';

export interface ReplayMismatch {
  readonly kind: ReplayMismatchKind;
  readonly proposalId?: string;
  readonly candidateId?: string;
  readonly detail: string;
}

export interface ReplayReport {
  readonly runId: string;
  readonly proposals: number;
  readonly candidates: number;
  readonly promotions: number;
  readonly mismatches: readonly ReplayMismatch[];
  readonly identical: boolean;
}

export interface ReplayDependencies {
  // biome-ignore lint/suspicious/noExplicitAny: strategies differ in state and option types
  readonly strategy: StrategyDefinition<any, any>;
  readonly proposerFor: (model: ModelSpec) => Proposer;
  readonly candidateOf: (id: string) => Candidate;
}

/** Replays a run's log; resolves with every mismatch found (none for a faithful run). */
export async function replayRun(
  events: readonly RunEvent[],
  dependencies: ReplayDependencies,
): Promise<ReplayReport> {
  const first = events[0];
  if (first?.type !== 'run-start') throw new RatchetError('store', 'the log does not begin with run-start');
  const { strategy } = dependencies;
  const state = new RunState();
  const parsed = strategy.parseOptions(first.data.problem.strategy.options);
  if (!parsed.ok)
    throw new RatchetError('bad-input', `strategy ${strategy.name}: ${parsed.issues.join('; ')}`);
  let strategyState: unknown = strategy.init(parsed.value, first.data.problem);
  const mismatches: ReplayMismatch[] = [];
  const pending = new Map<string, Promise<ProposalResult | { error: string }>>();
  let proposals = 0;
  let promotions = 0;

  for (const event of events) {
    if (event.type === 'proposal-start') {
      proposals += 1;
      checkDecision(event, state, strategyState, mismatches, dependencies);
    }
    if (event.type === 'candidate-promote' || event.type === 'candidate-discard') {
      promotions += event.type === 'candidate-promote' ? 1 : 0;
      checkPromotion(event, state, mismatches, dependencies);
    }
    if (event.type === 'proposal-end' && event.data.outcome !== 'interrupted') {
      const replayed = pending.get(event.data.proposalId);
      if (replayed !== undefined) checkOutcome(event, await replayed, mismatches);
    }
    if (event.type === 'problem-data') checkDataAcquisition(event, state, mismatches);
    state.apply(event);
    strategyState = strategy.apply(strategyState, event, state);
    if (event.type === 'proposal-start') {
      // the controller builds the proposal's inputs right after recording its start
      pending.set(event.data.proposalId, runProposer(event, state, events, dependencies, mismatches));
    }
  }
  return {
    runId: first.runId,
    proposals,
    candidates: state.candidates.size,
    promotions,
    mismatches,
    identical: mismatches.length === 0,
  };
}

/** Active data: the acquisition is decided again from the state the log had just before it. */
function checkDataAcquisition(
  event: Extract<RunEvent, { type: 'problem-data' }>,
  state: RunState,
  mismatches: ReplayMismatch[],
): void {
  const replayed = planDataAcquisition(state);
  const again = replayed?.type === 'problem-data' ? replayed.data : null;
  if (
    again === null ||
    again.probeId !== event.data.probeId ||
    !sameJson(again.committee, event.data.committee)
  ) {
    mismatches.push({
      kind: 'data',
      detail: `recorded acquisition of ${event.data.probeId} (committee ${event.data.committee.join(', ')}), replayed ${
        again === null ? 'no acquisition' : `${again.probeId} (committee ${again.committee.join(', ')})`
      }`,
    });
  }
}

function checkDecision(
  event: Extract<RunEvent, { type: 'proposal-start' }>,
  state: RunState,
  strategyState: unknown,
  mismatches: ReplayMismatch[],
  dependencies: ReplayDependencies,
): void {
  const { proposalId, index, request, model } = event.data;
  const random = createRandom(state.settings.seed, 'strategy', index);
  const decision = dependencies.strategy.next(strategyState, state, { random, proposalIndex: index });
  if (decision.kind !== 'propose') {
    mismatches.push({
      kind: 'decision',
      proposalId,
      detail: `the strategy now says ${decision.kind}, the log has a proposal`,
    });
    return;
  }
  if (!sameJson(decision.request, request)) {
    mismatches.push({
      kind: 'decision',
      proposalId,
      detail: `request differs: recorded ${JSON.stringify(request)}, replayed ${JSON.stringify(decision.request)}`,
    });
  }
  const chosen = chooseModel(state.problem, request, random).model;
  if (chosen !== model)
    mismatches.push({ kind: 'model', proposalId, detail: `recorded ${model}, replayed ${chosen}` });
}

async function runProposer(
  event: Extract<RunEvent, { type: 'proposal-start' }>,
  state: RunState,
  events: readonly RunEvent[],
  dependencies: ReplayDependencies,
  mismatches: ReplayMismatch[],
): Promise<ProposalResult | { error: string }> {
  const { proposalId, index, request } = event.data;
  const model = state.problem.models.find((entry) => entry.model === event.data.model);
  if (model === undefined) return { error: `model ${event.data.model} is not in the recorded problem` };
  const calls = events.filter(
    (entry): entry is Extract<RunEvent, { type: 'llm-call-start' | 'llm-call-end' }> =>
      (entry.type === 'llm-call-start' || entry.type === 'llm-call-end') &&
      entry.data.proposalId === proposalId,
  );
  const llm = model.model === 'mutate' ? null : playbackClient(model.model, proposalId, calls, mismatches);
  try {
    return await dependencies.proposerFor(model).propose({
      proposalId,
      request,
      problem: state.problem,
      model,
      ...proposalInputs(state, request, dependencies.candidateOf),
      random: createRandom(state.settings.seed, 'proposer', index),
      signal: new AbortController().signal,
      llm,
    });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Serves the recorded responses of one proposal, in order, checking each request against the record. */
function playbackClient(
  model: string,
  proposalId: string,
  calls: readonly Extract<RunEvent, { type: 'llm-call-start' | 'llm-call-end' }>[],
  mismatches: ReplayMismatch[],
): LlmClient {
  const starts = calls.filter((call) => call.type === 'llm-call-start');
  const ends = calls.filter((call) => call.type === 'llm-call-end');
  let next = 0;
  return {
    model,
    async complete(request: LlmRequest) {
      const start = starts[next];
      const end = ends.find((call) => call.data.callId === start?.data.callId);
      next += 1;
      if (start === undefined || end === undefined || end.type !== 'llm-call-end') {
        mismatches.push({
          kind: 'llm-calls',
          proposalId,
          detail: `the proposer made call ${next}, the log has ${starts.length}`,
        });
        throw new RatchetError('llm', 'no recorded response to play back');
      }
      if (!sameJson(request, start.data.request)) {
        mismatches.push({
          kind: 'llm-request',
          proposalId,
          detail: `call ${start.data.callId}: the prompt differs from the recorded one`,
        });
      }
      if (!end.data.ok) throw new RatchetError('llm', end.data.error ?? 'recorded failure');
      return { text: end.data.text ?? '', usage: end.data.usage, attempts: end.data.attempts };
    },
  };
}

function checkOutcome(
  event: Extract<RunEvent, { type: 'proposal-end' }>,
  replayed: ProposalResult | { error: string },
  mismatches: ReplayMismatch[],
): void {
  const { proposalId, outcome, candidateId, reason } = event.data;
  if ('error' in replayed) {
    if (outcome !== 'failed')
      mismatches.push({
        kind: 'outcome',
        proposalId,
        detail: `replay failed (${replayed.error}), the log has ${outcome}`,
      });
    return;
  }
  if (!replayed.ok) {
    if (outcome !== 'failed' || reason !== replayed.reason) {
      mismatches.push({
        kind: 'outcome',
        proposalId,
        detail: `replay: failed (${replayed.reason}); log: ${outcome}${reason === undefined ? '' : ` (${reason})`}`,
      });
    }
    return;
  }
  const id = makeCandidate(replayed.files).id;
  if (outcome === 'failed') {
    mismatches.push({
      kind: 'outcome',
      proposalId,
      detail: `replay made candidate ${id.slice(0, 12)}, the log has a failure (${reason})`,
    });
  } else if (candidateId !== undefined && candidateId !== id) {
    mismatches.push({
      kind: 'candidate',
      proposalId,
      candidateId,
      detail: `replay made ${id.slice(0, 12)}, the log has ${candidateId.slice(0, 12)}`,
    });
  }
}

function checkPromotion(
  event: Extract<RunEvent, { type: 'candidate-promote' | 'candidate-discard' }>,
  state: RunState,
  mismatches: ReplayMismatch[],
  dependencies: ReplayDependencies,
): void {
  let expected: NewEvent | null;
  if (state.problem.gates === undefined) {
    const record = state.candidates.get(event.data.candidateId);
    // appended with the evaluation it follows: the state already holds the result, not yet the promotion
    expected =
      record?.evaluation === undefined
        ? null
        : promotionWithoutGates(state, event.data.candidateId, record.evaluation);
  } else {
    expected = planPromotion(state, (id) =>
      mainFile(dependencies.candidateOf(id), state.problem.mainFile),
    ).decision;
  }
  if (expected === null || expected.type !== event.type || !sameJson(expected.data, event.data)) {
    mismatches.push({
      kind: 'promotion',
      candidateId: event.data.candidateId,
      detail: `recorded ${event.type} ${JSON.stringify(event.data)}, replayed ${expected === null ? 'no decision' : `${expected.type} ${JSON.stringify(expected.data)}`}`,
    });
  }
}

function mainFile(candidate: Candidate, path: string): string {
  return candidate.files.find((file) => file.path === path)?.content ?? '';
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, entry]) => entry !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, entry]) => [key, canonical(entry)]),
    );
  }
  return value;
}
