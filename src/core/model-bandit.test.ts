import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { NewEvent, RunEvent } from '../spec/events.ts';
import { toyProblem } from '../strategies/toy-world.ts';
import { ModelBandit } from './model-bandit.ts';
import { projectRun, RunState } from './run-state.ts';

const scored = (score: number): EvaluationResult => ({
  status: 'scored',
  metrics: { value: score },
  score,
  feedback: '',
  artifacts: {},
  usage: { durationMs: 1 },
});

/** A log where `good` improves on the seed every time at $0.01 a call and `bad` never does, at $0.001. */
function log(rounds: number): RunEvent[] {
  const problem = {
    ...toyProblem({ strategy: 'refine' }),
    models: [
      { model: 'good', weight: 1 },
      { model: 'bad', weight: 1 },
    ],
  };
  const events: NewEvent[] = [
    { type: 'run-start', data: { problem, settings: { seed: 1, ratchetVersion: 't' } } },
    { type: 'candidate-add', data: { candidateId: 'seed', parentIds: [], origin: 'seed' } },
    { type: 'evaluation-start', data: { evaluationId: 'e0', candidateId: 'seed' } },
    { type: 'evaluation-end', data: { evaluationId: 'e0', candidateId: 'seed', result: scored(0) } },
  ];
  for (let index = 0; index < rounds; index++) {
    const model = index % 2 === 0 ? 'good' : 'bad';
    const proposalId = `p${index}`;
    const candidateId = `c${index}`;
    events.push(
      {
        type: 'proposal-start',
        data: {
          proposalId,
          index,
          model,
          request: { mode: 'improve', parentIds: ['seed'], inspirationIds: [] },
        },
      },
      {
        type: 'llm-call-end',
        data: {
          proposalId,
          callId: `${proposalId}.1`,
          model,
          ok: true,
          usage: { inputTokens: 1, outputTokens: 1 },
          costUsd: model === 'good' ? 0.01 : 0.001,
          durationMs: 1,
          attempts: 1,
        },
      },
      {
        type: 'proposal-end',
        data: { proposalId, outcome: 'candidate', candidateId, parentIds: ['seed'], origin: 'llm' },
      },
      { type: 'candidate-add', data: { candidateId, parentIds: ['seed'], origin: 'llm', proposalId } },
      { type: 'evaluation-start', data: { evaluationId: `e${index + 1}`, candidateId } },
      {
        type: 'evaluation-end',
        data: {
          evaluationId: `e${index + 1}`,
          candidateId,
          result: scored(model === 'good' ? 1 + index : -1),
        },
      },
    );
  }
  return events.map((event, index) => ({ ...event, seq: index + 1, runId: 'r', at: index }) as RunEvent);
}

function fold(events: readonly RunEvent[]): ModelBandit {
  const view = new RunState();
  const bandit = new ModelBandit(['good', 'bad'], { costFloor: 1e-6 });
  for (const event of events) {
    view.apply(event);
    bandit.apply(event, view);
  }
  return bandit;
}

describe('ModelBandit', () => {
  it('tries every model first, then prefers the one that improves per dollar', () => {
    expect(fold(log(0)).choose()).toBe('good');
    expect(fold(log(1)).choose()).toBe('bad');
    const bandit = fold(log(20));
    expect(bandit.arms.map((arm) => arm.pulls)).toEqual([10, 10]);
    expect(bandit.arms[0]!.reward).toBeGreaterThan(0);
    expect(bandit.arms[1]!.reward).toBe(0);
    expect(bandit.arms[0]!.costUsd).toBeCloseTo(0.1);
    expect(bandit.choose()).toBe('good');
  });

  it('prefers the cheaper model when both improve alike', () => {
    const events = log(20).map((event) =>
      event.type === 'evaluation-end' && event.data.candidateId !== 'seed'
        ? { ...event, data: { ...event.data, result: scored(Number(event.data.candidateId.slice(1)) + 1) } }
        : event,
    );
    expect(fold(events).choose()).toBe('bad');
  });

  it('is a fold of the log: replaying gives the same state', () => {
    const events = log(12);
    expect(fold(events)).toEqual(fold(events));
    expect(projectRun(events).counts.costUsd).toBeCloseTo(0.066);
  });
});
