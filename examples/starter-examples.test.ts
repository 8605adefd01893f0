/**
 * The three starter examples (issue 2): an OpenEvolve-style circle packing, OpenEvolve's function
 * minimisation quick start, and a problem whose candidate and evaluator are TypeScript. Each evaluator
 * rejects a broken candidate, and each problem improves its seed in the real loop, offline with `mutate`
 * and through `mock-llm` over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlmServer } from '../src/llm/mock-llm-server.ts';
import type { EvaluationResult } from '../src/spec/evaluation.ts';
import { evaluateProgram, improved, removeTemporaryFolders, runLoop } from './problem-checks.ts';

interface StarterExample {
  readonly folder: string;
  readonly mainFile: string;
  readonly seedScore: number;
  /** A candidate that must not get a positive score. */
  readonly broken: string;
  readonly check: (result: EvaluationResult) => void;
}

const examples: readonly StarterExample[] = [
  {
    folder: 'circle-packing',
    mainFile: 'initial_program.py',
    seedScore: 1.9998999980000995,
    // 26 circles that overlap by 1e-12 and a reported sum that must be ignored
    broken: [
      'import json',
      'centers = [[0.1 + 0.2 * (i % 5), 0.1 + 0.2 * (i // 5)] for i in range(25)] + [[0.0, 0.0]]',
      'radii = [0.1 + 1e-12] * 25 + [0.0]',
      'print(json.dumps({"centers": centers, "radii": radii, "sum_radii": 3.0}))',
      '',
    ].join('\n'),
    check(result) {
      expect(result.metrics).toMatchObject({ combined_score: 0, validity: 0 });
      expect(result.feedback).toMatch(/invalid packing at tolerance 0: circles \d+ and \d+ overlap by 2e-12/);
    },
  },
  {
    folder: 'function-minimization',
    mainFile: 'initial_program.py',
    seedScore: 0.743771760866304,
    broken: 'import json, sys\nprint(json.dumps({"points": [[-1.7, 0.68]] * 4 + [[6.0, 0.0]]}))\n',
    check(result) {
      expect(result.metrics).toMatchObject({ combined_score: 0, validity: 0 });
      expect(result.feedback).toMatch(/point 4 \(6\.0, 0\.0\) is outside/);
    },
  },
  {
    folder: 'ts-heuristic',
    mainFile: 'heuristic.ts',
    seedScore: 0.868133902299494,
    // packs every item but the last
    broken: [
      "import { readFileSync } from 'node:fs';",
      "const input = JSON.parse(readFileSync(0, 'utf8')) as { instances: number[][] };",
      'const bins = input.instances.map((sizes) => sizes.slice(0, -1).map((_size, item) => [item]));',
      'console.log(JSON.stringify({ bins }));',
      '',
    ].join('\n'),
    check(result) {
      expect(result.status).toBe('invalid');
      expect(result.feedback).toMatch(/instance 0: item 299 is not packed/);
    },
  },
];

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlmServer({ port: 0, seed: 9 });
});
afterAll(async () => {
  await mock.close();
  removeTemporaryFolders();
});

const loopTimeout = 900_000;

describe.each(examples)('examples/$folder', (example) => {
  it('does not score a broken candidate', async () => {
    example.check(await evaluateProgram(example.folder, example.mainFile, example.broken));
  }, 120_000);

  it(
    'improves its seed offline with mutate',
    async () => {
      const summary = await runLoop(example.folder, 'mutate', 16);
      expect(summary.status).toBe('completed');
      expect(summary.seedScore).toBe(example.seedScore);
      expect(improved(summary), JSON.stringify(summary)).toBe(true);
    },
    loopTimeout,
  );

  it(
    'improves its seed through mock-llm over HTTP',
    async () => {
      const summary = await runLoop(example.folder, `compatible:mock@${mock.url}`, 16);
      expect(summary.status).toBe('completed');
      expect(summary.llmCalls).toBeGreaterThan(0);
      expect(summary.seedScore).toBe(example.seedScore);
      expect(improved(summary), JSON.stringify(summary)).toBe(true);
    },
    loopTimeout,
  );
});
