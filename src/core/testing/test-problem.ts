/**
 * A resolved problem for tests that drive the engine without a problem folder: the defaults every such
 * test shares, and whatever the test overrides. No evaluator runs (`kind: 'command'`, `true`); the
 * tests give the controller their own executor.
 */
import type { ResolvedProblem } from '../../spec/problem.ts';

export function testProblem(overrides: Partial<ResolvedProblem> = {}): ResolvedProblem {
  return {
    name: 'toy',
    dir: '/toy',
    configFile: null,
    description: '',
    seed: [{ path: 'main.py', content: 'x = 0\n' }],
    mainFile: 'main.py',
    language: 'python',
    evaluator: { kind: 'command', command: ['true'] },
    objective: { metric: 'value', direction: 'maximize' },
    timeoutSeconds: 5,
    sandbox: {
      kind: 'none',
      network: false,
      readOnlyPaths: [],
      env: [],
      setEnv: {},
      limits: {
        cpuSeconds: 5,
        memoryMb: 512,
        maxProcesses: 8,
        maxFileSizeMb: 1,
        maxOpenFiles: 64,
        maxOutputBytes: 1000,
      },
    },
    strategy: { name: 'refine', options: {} },
    models: [{ model: 'mutate', weight: 1 }],
    prices: {},
    budget: { evaluations: 20 },
    concurrency: { llm: 3, evaluations: 2 },
    prompt: { inspirations: 2, recentAttempts: 4, maxFeedbackChars: 1000 },
    edits: 'diff',
    warnings: [],
    ...overrides,
  };
}
