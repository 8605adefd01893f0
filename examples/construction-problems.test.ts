/**
 * The construction problem folders (issue 8): each evaluator scores its naive seed from the construction,
 * rejects broken constructions, and each problem improves its seed in the real loop, offline with
 * `mutate` and through `mock-llm` over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlmServer } from '../src/llm/mock-llm-server.ts';
import { evaluateProgram, improved, removeTemporaryFolders, runLoop } from './problem-checks.ts';

interface BrokenCase {
  /** A Python program printing a broken construction. */
  readonly program: string;
  /** Text the feedback must contain. */
  readonly feedback: RegExp;
  /** Metrics the evaluation must report (computed from the construction). */
  readonly metrics?: Readonly<Record<string, number>>;
}

interface ConstructionProblem {
  readonly folder: string;
  readonly metric: string;
  readonly seedScore: number;
  readonly broken: BrokenCase;
}

const print = (json: string): string => `import json\nprint("some chatter")\nprint(json.dumps(${json}))\n`;

const problems: readonly ConstructionProblem[] = [
  {
    folder: 'circle-packing-26',
    metric: 'sum_radii',
    seedScore: 1.9998999980000995,
    broken: {
      // 26 circles on top of each other, with a made-up sum that must be ignored
      program: print('{"centers": [[0.5, 0.5]] * 26, "radii": [0.25] * 26, "sum_radii": 100.0}'),
      feedback: /INFEASIBLE at tolerance 0: 325 violated constraint\(s\) \(overlap 325\)/,
      metrics: { sum_radii: 6.5, max_violation: 0.5, feasible: 0 },
    },
  },
  {
    folder: 'circle-packing-32',
    metric: 'sum_radii',
    seedScore: 1.9997999980002001,
    broken: {
      program: print('{"centers": [[0.5, 0.5]] * 31, "radii": [0.0] * 31}'),
      feedback: /expected 32 circles, got 31/,
    },
  },
  {
    folder: 'erdos-minimum-overlap',
    metric: 'c5_upper_bound',
    seedScore: 0.5,
    broken: {
      // sum 6 instead of n/2 = 5: the integral is 1.2
      program: print('{"heights": [0.6] * 10, "c5_upper_bound": 0.1}'),
      feedback: /normalization/,
      metrics: { max_violation: 0.19999999999999996, feasible: 0 },
    },
  },
  {
    folder: 'autocorrelation-c1',
    metric: 'c1_upper_bound',
    seedScore: 2,
    broken: {
      program: print('{"heights": [1.0, -0.5, 1.0]}'),
      feedback: /nonnegative heights\[1\] >= 0: violated by 0\.5/,
      metrics: { max_violation: 0.5, feasible: 0 },
    },
  },
  {
    folder: 'autocorrelation-c2',
    metric: 'c2_lower_bound',
    seedScore: 0.6666666666666666,
    broken: {
      program: print('{"heights": [1.0, float("nan"), 1.0]}'),
      feedback: /heights\[1\] is not finite/,
    },
  },
  {
    folder: 'autocorrelation-c3-abs-of-max',
    metric: 'c3_abs_of_max',
    seedScore: 2,
    broken: {
      program: print('{"heights": [1.0, -1.0]}'),
      feedback: /sum to 0/,
    },
  },
  {
    folder: 'autocorrelation-c3prime-max-of-abs',
    metric: 'c3prime_max_of_abs',
    seedScore: 2,
    broken: {
      program: 'raise SystemExit("no construction today")\n',
      feedback: /the program failed \(exit status 1\)[\s\S]*no construction today/,
    },
  },
];

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlmServer({ port: 0, seed: 5 });
});
afterAll(async () => {
  await mock.close();
  removeTemporaryFolders();
});

/** The loops run real sandboxed evaluations (a few seconds each on a busy 2-core machine). */
const loopTimeout = 900_000;

describe.each(problems)('examples/$folder', (problem) => {
  it('rejects a broken construction, with the worst violation in the metrics and the feedback', async () => {
    const result = await evaluateProgram(problem.folder, 'program.py', problem.broken.program);
    expect(result.status, result.feedback).toBe('invalid');
    expect(result.feedback).toMatch(problem.broken.feedback);
    expect(result.metrics).toMatchObject(problem.broken.metrics ?? { feasible: 0 });
  }, 120_000);

  it(
    'improves its naive seed offline with mutate',
    async () => {
      const summary = await runLoop(problem.folder, 'mutate', 16);
      expect(summary.status).toBe('completed');
      expect(summary.objective.metric).toBe(problem.metric);
      expect(summary.seedScore).toBe(problem.seedScore);
      expect(summary.statuses.failed + summary.statuses.crashed).toBe(0);
      expect(improved(summary), JSON.stringify(summary)).toBe(true);
      expect(summary.best?.metrics['feasible']).toBe(1);
    },
    loopTimeout,
  );

  it(
    'improves its naive seed through mock-llm over HTTP',
    async () => {
      const summary = await runLoop(problem.folder, `compatible:mock@${mock.url}`, 16);
      expect(summary.status).toBe('completed');
      expect(summary.llmCalls).toBeGreaterThan(0);
      expect(summary.seedScore).toBe(problem.seedScore);
      expect(improved(summary), JSON.stringify(summary)).toBe(true);
    },
    loopTimeout,
  );
});
