import { describe, expect, it } from 'vitest';
import { makeCandidate } from '../core/candidate-id.ts';
import { RatchetError } from '../core/errors.ts';
import type { EvaluationJob } from '../spec/executor.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import { jobIdFor, labelsOfQueue, normalizeLabels, queueNameFor } from './queue-keys.ts';
import { labelsCover } from './worker-registry.ts';

const job = (evaluationId: string, runId?: string): EvaluationJob => ({
  evaluationId,
  candidate: makeCandidate([{ path: 'main.py', content: 'x = 1\n' }]),
  problem: {} as ResolvedProblem,
  bundleHash: 'ab'.repeat(32),
  ...(runId === undefined ? {} : { runId }),
});

describe('queue names and job ids', () => {
  it('gives one queue per label set, whatever the order or duplicates', () => {
    expect(queueNameFor([])).toBe('evaluations');
    expect(queueNameFor(['gpu', 'big-mem', 'gpu'])).toBe('evaluations+big-mem+gpu');
    expect(labelsOfQueue('evaluations+big-mem+gpu')).toEqual(['big-mem', 'gpu']);
    expect(labelsOfQueue('evaluations')).toEqual([]);
  });

  it('lets a worker serve a queue only when it has every label the queue needs', () => {
    expect(labelsCover(['gpu', 'big-mem'], ['gpu'])).toBe(true);
    expect(labelsCover(['gpu'], [])).toBe(true);
    expect(labelsCover([], ['gpu'])).toBe(false);
    expect(labelsCover(['big-mem'], ['big-mem', 'gpu'])).toBe(false);
  });

  it('checks labels and sorts them', () => {
    expect(normalizeLabels(['gpu', 'a100', 'gpu'], '--labels')).toEqual(['a100', 'gpu']);
    expect(() => normalizeLabels(['no spaces'], '--labels')).toThrow(RatchetError);
    expect(() => normalizeLabels(['a:b'], '--labels')).toThrow(/not a valid label/);
  });

  it('keys a run’s job by run, candidate and bundle, not by evaluation id', () => {
    const first = jobIdFor(job('e3', 'run:1'), () => 'unused');
    const resumed = jobIdFor(job('e9', 'run:1'), () => 'unused');
    expect(resumed).toBe(first);
    expect(first).not.toContain(':');
    expect(jobIdFor(job('e3', 'run-2'), () => 'unused')).not.toBe(first);
    let counter = 0;
    const unique = (): string => `u${++counter}`;
    expect(jobIdFor(job('e3'), unique)).not.toBe(jobIdFor(job('e3'), unique));
  });
});
