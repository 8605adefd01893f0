import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { NewEvent, RunEvent } from '../spec/events.ts';
import type { Executor } from '../spec/executor.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import type { Proposer } from '../spec/proposer.ts';
import { openSqliteEventStore } from '../store/sqlite-event-store.ts';
import { findStrategy } from '../strategies/index.ts';
import { planDataAcquisition, summedVariance } from './active-data.ts';
import { replayRun } from './replay.ts';
import { RunController } from './run-controller.ts';
import { projectRun } from './run-state.ts';
import { testProblem } from './testing/test-problem.ts';

// A toy with probes p1…p4: a candidate `k = <number>` predicts [k * i] at probe p<i>, so candidates
// disagree most at p4, then p3; the score rewards k near 2, plus a little for every acquired probe.

const problem: ResolvedProblem = testProblem({
  name: 'active-toy',
  seed: [{ path: 'main.py', content: 'k = 0\n' }],
  strategy: { name: 'sample', options: {} },
  budget: { evaluations: 9 },
  concurrency: { llm: 1, evaluations: 1 },
  prompt: { inspirations: 0, recentAttempts: 0, maxFeedbackChars: 1000 },
  activeData: { every: 3, committee: 3, maxAcquisitions: 2 },
});

const probes = ['p1', 'p2', 'p3', 'p4'];

function scored(value: number, predictions?: Record<string, number[]>): EvaluationResult {
  return {
    status: 'scored',
    metrics: { value },
    score: value,
    feedback: '',
    artifacts: {},
    ...(predictions === undefined ? {} : { predictions }),
    usage: { durationMs: 1 },
  };
}

function toyExecutor(received: (readonly string[] | undefined)[]): Executor {
  return {
    kind: 'in-process',
    capacity: 1,
    async evaluate(job) {
      received.push(job.data);
      const k = Number(/k = (-?[\d.]+)/.exec(job.candidate.files[0]?.content ?? '')?.[1]);
      const predictions = Object.fromEntries(probes.map((probe, index) => [probe, [k * (index + 1)]]));
      return scored(-((k - 2) ** 2) + 0.001 * (job.data?.length ?? 0), predictions);
    },
    close: async () => {},
  };
}

const contents = [
  'k = 1\n',
  'k = 3\n',
  'k = 1.5\n',
  'k = 2.5\n',
  'k = 1.8\n',
  'k = 2.2\n',
  'k = 1.9\n',
  'k = 2.1\n',
];
const scripted: Proposer = {
  async propose(context) {
    const index = Number(context.proposalId.slice(1));
    return {
      ok: true,
      files: [{ path: 'main.py', content: contents[index] ?? `k = ${index}\n` }],
      origin: 'mutate',
      summary: `script ${index}`,
    };
  },
};

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function runToy(toy: ResolvedProblem = problem) {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-active-'));
  folders.push(folder);
  const store = openSqliteEventStore(folder);
  const received: (readonly string[] | undefined)[] = [];
  const controller = RunController.start(
    'active',
    toy,
    { seed: 1, ratchetVersion: 'test' },
    findStrategy('sample')!,
    {
      store,
      executor: toyExecutor(received),
      proposerFor: () => scripted,
      llmClientFor: () => null,
      costOf: () => 0,
      bundleHash: 'test',
      clock: Date.now,
    },
  );
  await controller.drive();
  const events = store.read('active');
  const candidates = new Map(
    events
      .flatMap((event) => (event.type === 'candidate-add' ? [event.data.candidateId] : []))
      .map((id) => [id, store.getCandidate(id)]),
  );
  store.close();
  return { events, received, candidates };
}

describe('active data acquisition', () => {
  it('sums the variance of each component across the committee', () => {
    expect(
      summedVariance([
        [1, 0],
        [3, 0],
      ]),
    ).toBe(1);
    expect(
      summedVariance([
        [1, 2],
        [1, 2],
        [1, 2],
      ]),
    ).toBe(0);
  });

  it('acquires, every 3 scored evaluations, the probe where the 3 best disagree most, up to the maximum', async () => {
    const { events, received, candidates } = await runToy();
    const acquisitions = events.flatMap((event) => (event.type === 'problem-data' ? [event] : []));
    expect(acquisitions.map((event) => event.data.probeId)).toEqual(['p4', 'p3']);
    expect(acquisitions.map((event) => event.data.data)).toEqual([['p4'], ['p4', 'p3']]);
    const candidateOf = (content: string): string | undefined =>
      [...candidates.values()].find((candidate) => candidate?.files[0]?.content === content)?.id;
    // the first committee: the best three of k = 0, 1, 3 (scores -4, -1, -1)
    expect(acquisitions[0]?.data.committee).toEqual([
      candidateOf('k = 1\n'),
      candidateOf('k = 3\n'),
      candidateOf('k = 0\n'),
    ]);
    expect(acquisitions[0]?.data.disagreement).toBeCloseTo(summedVariance([[4], [12], [0]]), 12);
    expect(acquisitions[0]?.data.reason).toMatch(/disagree most at probe p4: summed variance 24\.89/);
    // evaluations receive the data in force when they start, and record its version
    expect(received).toEqual([[], [], [], ['p4'], ['p4'], ['p4'], ['p4', 'p3'], ['p4', 'p3'], ['p4', 'p3']]);
    const versions = events.flatMap((event) =>
      event.type === 'evaluation-start' ? [event.data.dataVersion] : [],
    );
    expect(versions).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    // the log replays exactly, acquisitions included
    const report = await replayRun(events, {
      strategy: findStrategy('sample')!,
      proposerFor: () => scripted,
      candidateOf: (id) => {
        const stored = events.find(
          (event) => event.type === 'candidate-add' && event.data.candidateId === id,
        );
        if (stored === undefined) throw new Error(`no candidate ${id}`);
        return { id, files: [{ path: 'main.py', content: '' }], parentIds: [], origin: 'mutate' } as never;
      },
    });
    expect(report.mismatches.filter((mismatch) => mismatch.kind === 'data')).toEqual([]);
  });

  it('never acquires for a problem without activeData, and sends no data', async () => {
    const { activeData: _unused, ...plain } = problem;
    const { events, received } = await runToy(plain);
    expect(events.filter((event) => event.type === 'evaluation-end')).toHaveLength(9);
    expect(events.some((event) => event.type === 'problem-data')).toBe(false);
    expect(received.every((data) => data === undefined)).toBe(true);
  });

  it('does not count an evaluation that started on data that has changed since', () => {
    let seq = 0;
    const at = (event: NewEvent): RunEvent => ({ ...event, seq: ++seq, runId: 'r', at: seq }) as RunEvent;
    const start = (id: string, candidateId: string, dataVersion: number): RunEvent =>
      at({ type: 'evaluation-start', data: { evaluationId: id, candidateId, dataVersion } });
    const end = (id: string, candidateId: string, value: number): RunEvent =>
      at({
        type: 'evaluation-end',
        data: { evaluationId: id, candidateId, result: scored(value, { p1: [value] }) },
      });
    const add = (candidateId: string): RunEvent =>
      at({ type: 'candidate-add', data: { candidateId, parentIds: [], origin: 'seed' } });
    const state = projectRun([
      at({ type: 'run-start', data: { problem, settings: { seed: 1, ratchetVersion: 'test' } } }),
      add('a'),
      add('b'),
      add('c'),
      start('e1', 'a', 0),
      end('e1', 'a', 1),
      start('e2', 'b', 0),
      at({
        type: 'problem-data',
        data: { probeId: 'p2', data: ['p2'], committee: [], disagreement: 1, reason: 'test' },
      }),
      end('e2', 'b', 2),
      start('e3', 'c', 1),
      end('e3', 'c', 3),
    ]);
    expect(state.data).toEqual(['p2']);
    expect(state.scoredOnData.map((entry) => entry.candidateId)).toEqual(['c']);
    expect(planDataAcquisition(state)).toBeNull();
  });
});
