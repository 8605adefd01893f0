/**
 * The contract every strategy passes. Call `describeStrategyContract` from a test file for each registered
 * strategy (and option variants):
 *
 * - deterministic for a seed (same events → same requests and the same state);
 * - proposes only from evaluated, scored parents, except `fix` (and `fresh` from the seed);
 * - the fold of the log equals the live state (nothing depends on `next` having been called);
 * - respects the evaluation budget when driven by the real controller with an in-process executor;
 * - resumes to the same state after a stop.
 */
import { describe, expect, it } from 'vitest';
import { mainFileContent } from '../core/candidate-id.ts';
import { RunController } from '../core/run-controller.ts';
import { projectRun, RunState } from '../core/run-state.ts';
import type { RunEvent } from '../spec/events.ts';
import type { Executor } from '../spec/executor.ts';
import type { Proposer } from '../spec/proposer.ts';
import type { EventStore } from '../spec/store.ts';
import type { StrategyDefinition } from '../spec/strategy.ts';
import { requestViolation, StrategySimulator } from './strategy-simulator.ts';
import { evaluateToy, proposeToy, type ToyOptions, toyProblem, toyWorld } from './toy-world.ts';

// biome-ignore lint/suspicious/noExplicitAny: any strategy
type AnyStrategy = StrategyDefinition<any, any>;

/** What the contract needs from its caller (src/strategies may not open stores itself). */
export interface ContractEnvironment {
  /** A fresh, empty event store (the real SQLite one) and how to dispose of it. */
  openStore(): { readonly store: EventStore; close(): void };
}

/** Folds a log through a fresh strategy state. */
export function foldStrategy(strategy: AnyStrategy, events: readonly RunEvent[]): unknown {
  const view = new RunState();
  let state: unknown;
  for (const event of events) {
    view.apply(event);
    if (event.type === 'run-start') {
      const parsed = strategy.parseOptions(event.data.problem.strategy.options);
      if (!parsed.ok) throw new Error(parsed.issues.join('; '));
      state = strategy.init(parsed.value, event.data.problem);
    }
    state = strategy.apply(state, event, view);
  }
  return state;
}

/** Every illegal request in a stored log, checked against the projection at the moment it was made. */
export function logViolations(events: readonly RunEvent[]): string[] {
  const view = new RunState();
  const violations: string[] = [];
  for (const event of events) {
    if (event.type === 'proposal-start') {
      const violation = requestViolation(event.data.request, view);
      if (violation !== null) violations.push(`${event.data.proposalId}: ${violation}`);
    }
    view.apply(event);
  }
  return violations;
}

function toyProposer(): Proposer {
  return {
    async propose(context) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const parents = context.parents.map((parent) => mainFileContent(parent.candidate, 'main.py'));
      const result = proposeToy(
        context.request.mode,
        parents,
        context.random,
        Number(context.proposalId.slice(1)),
      );
      if (!result.ok) return result;
      return {
        ok: true,
        files: [{ path: 'main.py', content: result.content }],
        origin: 'mutate',
        summary: 'nudged x',
      };
    },
  };
}

function toyExecutor(): Executor & { readonly evaluated: string[] } {
  const evaluated: string[] = [];
  return {
    kind: 'in-process',
    capacity: 4,
    evaluated,
    async evaluate(job, { signal }) {
      evaluated.push(job.candidate.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (signal?.aborted === true) throw new Error('aborted');
      return evaluateToy(mainFileContent(job.candidate, 'main.py'));
    },
    close: async () => {},
  };
}

/** A strategy whose `apply` remembers the state it returned last (the controller's live state). */
function probe(strategy: AnyStrategy): { readonly strategy: AnyStrategy; readonly state: () => unknown } {
  let last: unknown;
  return {
    strategy: {
      ...strategy,
      apply: (state, event, view) => {
        last = strategy.apply(state, event, view);
        return last;
      },
    },
    state: () => last,
  };
}

/** Registers the contract’s tests for `strategy` with `strategyOptions`. */
export function describeStrategyContract(
  label: string,
  strategy: AnyStrategy,
  strategyOptions: Readonly<Record<string, unknown>>,
  environment: ContractEnvironment,
): void {
  const toy = (extra: Partial<ToyOptions> = {}): ToyOptions => ({
    strategy: strategy.name,
    strategyOptions,
    ...extra,
  });
  const simulate = (seed: number, extra: Partial<ToyOptions> = {}, concurrency = 3): StrategySimulator =>
    new StrategySimulator(strategy, toyWorld(toy(extra)), { seed, concurrency }).run(60);

  describe(`strategy contract: ${label}`, () => {
    it('accepts its defaults and rejects unknown options', () => {
      expect(strategy.parseOptions(strategyOptions).ok).toBe(true);
      const bad = strategy.parseOptions({ ...strategyOptions, noSuchOption: 1 });
      expect(bad.ok).toBe(false);
    });

    it('is deterministic for a seed', () => {
      const first = simulate(11);
      const second = simulate(11);
      expect(first.requests.length).toBeGreaterThan(10);
      expect(second.requests).toEqual(first.requests);
      expect(second.state).toEqual(first.state);
    });

    it('proposes only from evaluated, scored parents unless in fix mode', () => {
      for (const seed of [1, 2, 3]) expect(simulate(seed).violations).toEqual([]);
      const broken = simulate(4, { invalidSeed: true });
      expect(broken.violations).toEqual([]);
      // a broken seed is repaired first (or, for independent sampling, sampled afresh from)
      expect(['fix', 'fresh']).toContain(broken.requests[0]?.mode);
      expect(broken.view.best).not.toBeNull();
      expect(broken.requests.length).toBeGreaterThan(5);
    });

    it('folds the log to the live state', () => {
      for (const concurrency of [1, 4]) {
        const live = simulate(5, {}, concurrency);
        expect(foldStrategy(strategy, live.events)).toEqual(live.state);
      }
    });

    it('respects the evaluation budget under the real controller', async () => {
      const { store, close } = environment.openStore();
      try {
        const executor = toyExecutor();
        const controller = RunController.start(
          'budget',
          toyProblem(toy({ evaluations: 25 })),
          { seed: 7, ratchetVersion: 'test' },
          strategy,
          {
            store,
            executor,
            proposerFor: toyProposer,
            llmClientFor: () => null,
            costOf: () => 0,
            bundleHash: 'test',
            clock: Date.now,
          },
        );
        const summary = await controller.drive();
        expect(summary.status).toBe('completed');
        expect(summary.evaluations).toBeLessThanOrEqual(25);
        if (!(summary.reason ?? '').startsWith('strategy:')) expect(summary.evaluations).toBe(25);
        expect(new Set(executor.evaluated).size).toBe(executor.evaluated.length);
        expect(executor.evaluated.length).toBeLessThanOrEqual(25);
        expect(logViolations(store.read('budget'))).toEqual([]);
      } finally {
        close();
      }
    });

    it('resumes to the same state after a stop', async () => {
      const { store, close } = environment.openStore();
      try {
        const abort = new AbortController();
        let evaluations = 0;
        const first = probe(strategy);
        const dependencies = {
          store,
          proposerFor: toyProposer,
          llmClientFor: () => null,
          costOf: () => 0,
          bundleHash: 'test',
          clock: Date.now,
        };
        const problem = toyProblem(toy({ evaluations: 30 }));
        const stopped = await RunController.start(
          'resume',
          problem,
          { seed: 3, ratchetVersion: 'test' },
          first.strategy,
          {
            ...dependencies,
            executor: toyExecutor(),
            signal: abort.signal,
            onEvent: (event) => {
              if (event.type === 'evaluation-end' && ++evaluations === 12) abort.abort();
            },
          },
        ).drive();
        expect(stopped.status).toBe('stopped');
        expect(foldStrategy(strategy, store.read('resume'))).toEqual(first.state());

        const second = probe(strategy);
        const summary = await RunController.resume('resume', second.strategy, {
          ...dependencies,
          executor: toyExecutor(),
        }).drive();
        const events = store.read('resume');
        expect(foldStrategy(strategy, events)).toEqual(second.state());
        expect(summary.evaluations).toBeLessThanOrEqual(30);
        expect(projectRun(events).counts.evaluations).toBe(summary.evaluations);
        expect(logViolations(events)).toEqual([]);
      } finally {
        close();
      }
    });
  });
}
