/**
 * `repeats: k` through the real evaluation path, and the combination itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedProblem } from '../spec/problem.ts';
import { createBundle, removeBundle } from './bundle.ts';
import { combineRepeats, standardError } from './combine-repeats.ts';
import { evaluateJob } from './evaluate-job.ts';
import { makeJob, makeProblem, testSandbox, writeProblemFolder } from './problem-fixture.ts';

let folder: { dir: string; cleanup: () => Promise<void> };
let cacheDir: string;
let workRoot: string;
let bundleDir: string;
const sandbox = testSandbox();

beforeAll(async () => {
  folder = await writeProblemFolder({
    'noisy.py':
      'import random\ndef evaluate(program_path):\n    return {"score": random.random(), "fixed": 2.0}\n',
    'steady.py': 'def evaluate(program_path):\n    return {"score": float(open(program_path).read())}\n',
  });
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ratchet-bundles-'));
  workRoot = await mkdtemp(path.join(os.tmpdir(), 'ratchet-work-'));
  bundleDir = (
    await createBundle(makeProblem(folder.dir, { evaluator: { kind: 'command', command: [] } }), cacheDir)
  ).dir;
});
afterAll(async () => {
  await removeBundle(bundleDir);
  await rm(cacheDir, { recursive: true, force: true });
  await rm(workRoot, { recursive: true, force: true });
  await folder.cleanup();
});

function evaluate(file: string, overrides: Partial<ResolvedProblem>, content = '4') {
  const problem = makeProblem(folder.dir, {
    evaluator: { kind: 'openevolve', file },
    mainFile: 'candidate.txt',
    ...overrides,
  });
  return evaluateJob(makeJob(problem, content), { sandbox, bundleDir, workRoot });
}

describe('repeats', () => {
  it('averages k repeats with a standard error, and flags a "deterministic" evaluator that disagrees', async () => {
    const result = await evaluate('noisy.py', { repeats: 3, deterministic: true });
    expect(result.status).toBe('scored');
    const scores = result.repeatScores as number[];
    expect(scores).toHaveLength(3);
    expect(result.score).toBeCloseTo(scores.reduce((sum, value) => sum + value, 0) / 3, 12);
    expect(result.metrics['fixed']).toBe(2);
    expect(result.scoreStdError).toBeCloseTo(standardError(scores), 12);
    expect(result.scoreStdError).toBeGreaterThan(0);
    expect(result.artifacts['repeat-disagreement']).toContain('deterministic');
  });

  it('does not flag repeats that agree', async () => {
    const result = await evaluate('steady.py', { repeats: 2, deterministic: true });
    expect(result.repeatScores).toEqual([4, 4]);
    expect(result.scoreStdError).toBe(0);
    expect(result.artifacts['repeat-disagreement']).toBeUndefined();
  });

  it('stops at the first repeat that does not score, and says which', async () => {
    const result = await evaluate('steady.py', { repeats: 3 }, 'not a number');
    expect(result.status).toBe('failed');
    expect(result.feedback).toMatch(/^Repeat 1 of 3: /);
  });
});

describe('standardError', () => {
  it('is the sample standard deviation over √k', () => {
    expect(standardError([1, 3])).toBeCloseTo(1, 12);
    expect(standardError([5])).toBe(0);
  });
});

describe('combineRepeats: selecting on the lower bound', () => {
  const result = (score: number) => ({
    status: 'scored' as const,
    metrics: { value: score },
    score,
    feedback: '',
    artifacts: {},
    usage: { durationMs: 1 },
  });

  it('scores the pessimistic end of the 95% interval, in the objective’s direction, and keeps the mean as the metric', () => {
    const repeats = [result(1), result(3)];
    const maximize = combineRepeats(repeats, {
      deterministic: false,
      selectOn: 'lower-bound',
      direction: 'maximize',
    });
    expect(maximize.metrics['value']).toBe(2);
    expect(maximize.scoreStdError).toBeCloseTo(1, 12);
    expect(maximize.score).toBeCloseTo(2 - 1.96, 12);
    const minimize = combineRepeats(repeats, {
      deterministic: false,
      selectOn: 'lower-bound',
      direction: 'minimize',
    });
    expect(minimize.score).toBeCloseTo(2 + 1.96, 12);
    expect(combineRepeats(repeats, { deterministic: false }).score).toBe(2);
  });
});
