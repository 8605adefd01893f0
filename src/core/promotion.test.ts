import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationResult, Metrics } from '../spec/evaluation.ts';
import type { Executor } from '../spec/executor.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import type { Proposer } from '../spec/proposer.ts';
import { openSqliteEventStore } from '../store/sqlite-event-store.ts';
import { findStrategy } from '../strategies/index.ts';
import { RunController } from './run-controller.ts';
import { projectRun } from './run-state.ts';
import { testProblem } from './testing/test-problem.ts';

// A toy with a trap: the optimize instances reward x near 3, the held-out validate instances reward x
// near 1. A loop that only looked at optimize would happily overfit; the gate must not.

const optimize = ['o1', 'o2', 'o3', 'o4', 'o5'];
const validate = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'];
const confirm = ['c1', 'c2', 'c3'];

const problem: ResolvedProblem = testProblem({
  name: 'gated-toy',
  budget: { evaluations: 6 },
  concurrency: { llm: 1, evaluations: 1 },
  prompt: { inspirations: 0, recentAttempts: 0, maxFeedbackChars: 1000 },
  instances: { optimize, validate, confirm },
  gates: {
    staticChecks: [{ name: 'no eval()', forbid: '\\beval\\(' }],
    minImprovement: 0,
    test: 'sign',
    margin: 0,
    confidence: 0.9,
  },
});

const numberIn = (content: string): number => Number(/x = (-?[\d.]+)/.exec(content)?.[1]);

/** Proposes the given main files in order. */
function scripted(contents: readonly string[]): Proposer {
  return {
    async propose(context) {
      const index = Number(context.proposalId.slice(1));
      const content = contents[index] ?? `x = ${index / 1000}\n`;
      return {
        ok: true,
        files: [{ path: 'main.py', content }],
        origin: 'mutate',
        summary: `script ${index}`,
      };
    },
  };
}

/** Scores each instance in-process: optimize instances want x = 3, the others x = 1. */
function instanceExecutor(log: { purpose: string; instances: readonly string[] }[]): Executor {
  return {
    kind: 'in-process',
    capacity: 4,
    async evaluate(job) {
      const instances = job.instances ?? [];
      log.push({ purpose: instances[0]?.[0] ?? '?', instances });
      const x = numberIn(job.candidate.files[0]!.content);
      const instanceMetrics: Record<string, Metrics> = {};
      for (const id of instances) {
        const target = id.startsWith('o') ? 3 : 1;
        instanceMetrics[id] = { value: -((x - target) ** 2) - Number(id.slice(1)) / 1000 };
      }
      const values = Object.values(instanceMetrics).map((metrics) => metrics['value']!);
      const value = values.reduce((sum, item) => sum + item, 0) / values.length;
      const result: EvaluationResult = {
        status: 'scored',
        metrics: { value },
        score: value,
        feedback: '',
        artifacts: {},
        instanceMetrics,
        usage: { durationMs: 1 },
      };
      return result;
    },
    close: async () => {},
  };
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function runGated(contents: readonly string[], overrides: Partial<ResolvedProblem> = {}) {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-gates-'));
  folders.push(folder);
  const store = openSqliteEventStore(folder);
  const log: { purpose: string; instances: readonly string[] }[] = [];
  const controller = RunController.start(
    'gated',
    { ...problem, ...overrides },
    { seed: 1, ratchetVersion: 'test' },
    findStrategy('refine')!,
    {
      store,
      executor: instanceExecutor(log),
      proposerFor: () => scripted(contents),
      llmClientFor: () => null,
      costOf: () => 0,
      bundleHash: 'test',
      clock: Date.now,
    },
  );
  const summary = await controller.drive();
  const events = store.read('gated');
  store.close();
  return { summary, events, log };
}

describe('promotion gates', () => {
  it('promotes a candidate better on both splits and discards one that only improves optimize', async () => {
    const { events, log } = await runGated([
      'x = 1.5\n',
      'x = 2.5\n',
      'x = 1.2\n',
      'x = 0.5\n',
      'x = eval(1)\n',
    ]);
    const promotions = events.flatMap((event) => (event.type === 'candidate-promote' ? [event.data] : []));
    const discards = events.flatMap((event) => (event.type === 'candidate-discard' ? [event.data] : []));
    const state = projectRun(events);
    const idOf = (content: string) =>
      [...state.candidates.values()].find(
        (record) =>
          record.proposalId !== undefined &&
          events.some(
            (event) =>
              event.type === 'proposal-end' &&
              event.data.candidateId === record.id &&
              event.data.summary === `script ${content}`,
          ),
      )?.id;

    // the seed is the baseline champion, then x = 1.5 (better on optimize and on all validate instances)
    expect(promotions.map((promotion) => promotion.reasons[0])).toEqual([
      'first scored candidate: the baseline champion',
      'improved on optimize',
    ]);
    expect(promotions[1]!.candidateId).toBe(idOf('0'));
    expect(promotions[1]!.stats).toMatchObject({ test: 'sign', wins: 8, losses: 0 });

    // x = 2.5 improves optimize (-0.25 vs -2.25) but is worse on validate: discarded, with that reason and the numbers
    const overfit = discards.find((discard) => discard.candidateId === idOf('1'))!;
    expect(overfit.reasons[0]).toMatch(
      /^improved on optimize but not on validate: sign test 0 wins, 8 losses/,
    );
    expect(overfit.stats!.validateScore).toBeLessThan(overfit.stats!.championValidateScore!);
    // x = 1.2 does not improve optimize on the champion x = 1.5: discarded without touching validate
    expect(discards.find((discard) => discard.candidateId === idOf('2'))!.reasons[0]).toMatch(
      /^no improvement on optimize/,
    );
    expect(discards.find((discard) => discard.candidateId === idOf('4'))!.reasons).toEqual([
      'static check failed: no eval()',
    ]);

    // validate is never used for the loop's own score; confirm is scored exactly once per promotion
    const confirms = events.filter(
      (event) => event.type === 'evaluation-end' && event.data.purpose === 'confirm',
    );
    expect(confirms).toHaveLength(promotions.length);
    expect(
      new Set(confirms.map((event) => (event.type === 'evaluation-end' ? event.data.candidateId : ''))).size,
    ).toBe(promotions.length);
    expect(log.filter((entry) => entry.purpose === 'c')).toHaveLength(promotions.length);
    for (const event of events) {
      if (event.type === 'evaluation-start' && event.data.purpose === undefined)
        expect(event.data.instances).toEqual(optimize);
    }
    // the champion is the gated one, not the best optimize score
    expect(state.championId).toBe(idOf('0'));
    expect(state.best!.id).toBe(idOf('1'));
    expect(state.counts.evaluations).toBe(6);
  });

  it('discards a candidate failing a static check, and stops after N consecutive discards, saying why', async () => {
    const { summary, events } = await runGated(
      ['x = 1.5 # eval(', 'x = -0.2\n', 'x = -0.3\n', 'x = -0.1\n', 'x = -0.25\n'],
      { budget: { evaluations: 50 }, gates: { ...problem.gates!, maxConsecutiveDiscards: 3 } },
    );
    const discards = events.flatMap((event) => (event.type === 'candidate-discard' ? [event.data] : []));
    expect(discards[0]!.reasons).toEqual(['static check failed: no eval()']);
    expect(discards.map((discard) => discard.consecutive)).toEqual([1, 2, 3]);
    expect(summary.reason).toBe('3 consecutive discards: no candidate passed the gates');
  });
});
