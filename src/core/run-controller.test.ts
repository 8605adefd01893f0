import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { RunEvent } from '../spec/events.ts';
import type { Executor } from '../spec/executor.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import type { Proposer } from '../spec/proposer.ts';
import type { EventStore } from '../spec/store.ts';
import { openSqliteEventStore } from '../store/sqlite-event-store.ts';
import { findStrategy } from '../strategies/index.ts';
import { type ControllerDependencies, RunController } from './run-controller.ts';
import { projectRun } from './run-state.ts';
import { testProblem } from './testing/test-problem.ts';

// The controller's collaborators at their simplest: a proposer that nudges `x = <number>` and an executor
// that scores -(x - 3)^2 in-process. The store is the real SQLite store.

const problem: ResolvedProblem = testProblem({ description: 'bring x to 3' });

const numberIn = (content: string): number => Number(/x = (-?[\d.e-]+)/.exec(content)?.[1]);

function nudgeProposer(options: { failEvery?: number; repeatEvery?: number } = {}): Proposer {
  return {
    async propose(context) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      const index = Number(context.proposalId.slice(1));
      if (options.failEvery !== undefined && index % options.failEvery === options.failEvery - 1) {
        return { ok: false, reason: 'SEARCH block 1 matched nothing' };
      }
      if (options.repeatEvery !== undefined && index % options.repeatEvery === options.repeatEvery - 1) {
        return { ok: true, files: context.problem.seed, origin: 'mutate', summary: 'the seed again' };
      }
      const parent = context.parents[0]!.candidate.files[0]!.content;
      const next = numberIn(parent) + context.random.normal();
      return {
        ok: true,
        files: [{ path: 'main.py', content: `x = ${next}\n` }],
        origin: 'mutate',
        summary: 'nudged x',
      };
    },
  };
}

function functionExecutor(delayMs = 3): Executor & { evaluated: string[] } {
  const evaluated: string[] = [];
  return {
    kind: 'in-process',
    capacity: 8,
    evaluated,
    async evaluate(job, { signal }) {
      evaluated.push(job.candidate.id);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (signal?.aborted) throw new Error('aborted');
      const x = numberIn(job.candidate.files[0]!.content);
      const value = -((x - 3) ** 2);
      const result: EvaluationResult = {
        status: 'scored',
        metrics: { value },
        score: value,
        feedback: `x=${x}`,
        artifacts: {},
        usage: { durationMs: delayMs },
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
function freshStore(): { store: EventStore; folder: string } {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-controller-'));
  folders.push(folder);
  return { store: openSqliteEventStore(folder), folder };
}

function dependencies(
  store: EventStore,
  overrides: Partial<ControllerDependencies> = {},
): ControllerDependencies {
  return {
    store,
    executor: functionExecutor(),
    proposerFor: () => nudgeProposer(),
    llmClientFor: () => null,
    costOf: () => 0,
    bundleHash: 'test',
    clock: Date.now,
    ...overrides,
  };
}

/** The invariants every finished log must satisfy. */
function expectConsistentLog(events: readonly RunEvent[]): void {
  const started = events
    .filter((event) => event.type === 'proposal-start')
    .map((event) => event.data.proposalId);
  const ended = events.filter((event) => event.type === 'proposal-end').map((event) => event.data.proposalId);
  expect([...ended].sort()).toEqual([...started].sort());
  expect(new Set(ended).size).toBe(ended.length);
  const interrupted = new Set(
    events.flatMap((event) => (event.type === 'run-resume' ? event.data.interruptedEvaluations : [])),
  );
  const evaluationEnds = events.filter((event) => event.type === 'evaluation-end');
  const evaluationStarts = events.filter((event) => event.type === 'evaluation-start');
  for (const start of evaluationStarts) {
    const ends = evaluationEnds.filter((end) => end.data.evaluationId === start.data.evaluationId).length;
    expect(ends + (interrupted.has(start.data.evaluationId) ? 1 : 0)).toBe(1);
  }
  const evaluatedCandidates = evaluationEnds.map((event) => event.data.candidateId);
  expect(new Set(evaluatedCandidates).size).toBe(evaluatedCandidates.length);
}

describe('RunController', () => {
  it('runs to the evaluation budget, improves on the seed, and leaves a consistent log', async () => {
    const { store } = freshStore();
    const executor = functionExecutor();
    const controller = RunController.start(
      'run-1',
      problem,
      { seed: 7, ratchetVersion: 'test' },
      findStrategy('refine')!,
      dependencies(store, { executor }),
    );
    const summary = await controller.drive();
    expect(summary.status).toBe('completed');
    expect(summary.reason).toBe('budget: 20 evaluations');
    expect(summary.evaluations).toBe(20);
    expect(executor.evaluated).toHaveLength(20);
    expect(summary.seedScore).toBe(-9);
    expect(summary.best!.score).toBeGreaterThan(-9);
    const events = store.read('run-1');
    expectConsistentLog(events);
    // the projection of the stored log agrees with the live state
    const replayed = projectRun(events);
    expect(replayed.best?.id).toBe(controller.state.best?.id);
    expect(replayed.counts).toEqual(controller.state.counts);
  });

  it('records failed and duplicate proposals and never evaluates them', async () => {
    const { store } = freshStore();
    const executor = functionExecutor();
    const controller = RunController.start(
      'run-2',
      problem,
      { seed: 1, ratchetVersion: 'test' },
      findStrategy('refine')!,
      dependencies(store, { executor, proposerFor: () => nudgeProposer({ failEvery: 3, repeatEvery: 5 }) }),
    );
    const summary = await controller.drive();
    const events = store.read('run-2');
    const failed = events.filter((event) => event.type === 'proposal-end' && event.data.outcome === 'failed');
    const duplicates = events.filter(
      (event) => event.type === 'proposal-end' && event.data.outcome === 'duplicate',
    );
    expect(failed.length).toBeGreaterThan(0);
    expect(duplicates.length).toBeGreaterThan(0);
    expect(
      failed.every(
        (event) => event.type === 'proposal-end' && event.data.reason === 'SEARCH block 1 matched nothing',
      ),
    ).toBe(true);
    expect(summary.evaluations).toBe(20);
    expect(new Set(executor.evaluated).size).toBe(executor.evaluated.length);
    expectConsistentLog(events);
  });

  it('resumes a stopped run without repeating or losing an evaluation', async () => {
    const { store } = freshStore();
    const abort = new AbortController();
    let evaluations = 0;
    const first = RunController.start(
      'run-3',
      problem,
      { seed: 3, ratchetVersion: 'test' },
      findStrategy('refine')!,
      {
        ...dependencies(store, { executor: functionExecutor(10) }),
        signal: abort.signal,
        onEvent: (event) => {
          if (event.type === 'evaluation-end' && ++evaluations === 7) abort.abort();
        },
      },
    );
    const stopped = await first.drive();
    expect(stopped.status).toBe('stopped');
    expect(stopped.evaluations).toBeLessThan(20);

    const executor = functionExecutor();
    const second = RunController.resume('run-3', findStrategy('refine')!, dependencies(store, { executor }));
    const summary = await second.drive();
    expect(summary.status).toBe('completed');
    expect(summary.evaluations).toBe(20);
    const events = store.read('run-3');
    expectConsistentLog(events);
    const firstEvaluated = new Set(
      events
        .filter(
          (event) =>
            event.type === 'evaluation-end' &&
            event.seq < (events.find((e) => e.type === 'run-resume')?.seq ?? 0),
        )
        .map((event) => (event.type === 'evaluation-end' ? event.data.candidateId : '')),
    );
    for (const id of executor.evaluated) expect(firstEvaluated.has(id)).toBe(false);
  });

  it('stops at a target score and at a plateau', async () => {
    const { store } = freshStore();
    const target = RunController.start(
      'run-4',
      { ...problem, budget: { evaluations: 500, targetScore: -0.5 } },
      { seed: 5, ratchetVersion: 'test' },
      findStrategy('refine')!,
      dependencies(store),
    );
    const reached = await target.drive();
    expect(reached.reason).toBe('target score -0.5 reached');
    expect(reached.best!.score).toBeGreaterThanOrEqual(-0.5);

    const plateau = RunController.start(
      'run-5',
      {
        ...problem,
        budget: { evaluations: 500, plateauEvaluations: 5 },
        concurrency: { llm: 1, evaluations: 1 },
      },
      { seed: 5, ratchetVersion: 'test' },
      findStrategy('sample')!,
      dependencies(store),
    );
    const flat = await plateau.drive();
    expect(flat.reason).toBe('plateau: no improvement in 5 evaluations');
  });

  it('ends a run whose every proposal fails instead of spinning forever, and says why', async () => {
    const { store } = freshStore();
    const failing: Proposer = {
      propose: async () => ({ ok: false, reason: 'the answer has no SEARCH/REPLACE blocks' }),
    };
    const controller = RunController.start(
      'run-6',
      { ...problem, budget: { evaluations: 10 } },
      { seed: 1, ratchetVersion: 'test' },
      findStrategy('refine')!,
      dependencies(store, { proposerFor: () => failing }),
    );
    const summary = await controller.drive();
    expect(summary.status).toBe('completed');
    expect(summary.evaluations).toBe(1);
    expect(summary.failedProposals).toBe(30);
    expect(summary.reason).toBe(
      '30 proposals in a row made no new candidate (last: failed: the answer has no SEARCH/REPLACE blocks)',
    );
  });

  it('reuses identical evaluations from the store’s cache across runs, and records them as cached', async () => {
    // `sample` proposes from the seed only, so both runs make the same candidates whatever the timing
    const { store } = freshStore();
    const sequential = { ...problem, concurrency: { llm: 1, evaluations: 1 }, budget: { evaluations: 8 } };
    const first = functionExecutor();
    await RunController.start(
      'run-a',
      sequential,
      { seed: 9, ratchetVersion: 'test' },
      findStrategy('sample')!,
      dependencies(store, { executor: first, cache: store.evaluationCache }),
    ).drive();
    expect(first.evaluated).toHaveLength(8);
    const second = functionExecutor();
    const summary = await RunController.start(
      'run-b',
      sequential,
      { seed: 9, ratchetVersion: 'test' },
      findStrategy('sample')!,
      dependencies(store, { executor: second, cache: store.evaluationCache }),
    ).drive();
    expect(second.evaluated).toEqual([]);
    expect(summary.evaluations).toBe(8);
    const ends = store.read('run-b').filter((event) => event.type === 'evaluation-end');
    expect(ends.every((event) => event.type === 'evaluation-end' && event.data.cached === true)).toBe(true);
    expectConsistentLog(store.read('run-b'));
    // with repeats (a noisy evaluator) nothing is taken from the cache
    const noisy = functionExecutor();
    await RunController.start(
      'run-c',
      { ...sequential, repeats: 3 },
      { seed: 9, ratchetVersion: 'test' },
      findStrategy('sample')!,
      dependencies(store, { executor: noisy, cache: store.evaluationCache }),
    ).drive();
    expect(noisy.evaluated).toHaveLength(8);
  });
});
