/**
 * The performance recipe end to end, offline. Times cannot be asserted (the machine is shared), so the
 * test checks what is deterministic: a wrong candidate stops at cascade stage 1 with exactly the README's
 * feedback; a correct one is timed and profiled, with the README's gcov profile exactly and a speed-up
 * consistent with the times it reports; and a `mutate` run goes through the real loop, every invalid
 * candidate stopped at stage 1.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateCandidate } from '../../src/api/evaluate.ts';
import { run } from '../../src/api/run.ts';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { evaluateProgram, examplesDir, removeTemporaryFolders, temporaryFolder } from '../problem-checks.ts';

const folder = path.join(examplesDir, 'performance');
const readme = readFileSync(path.join(folder, 'README.md'), 'utf8');
const seed = readFileSync(path.join(folder, 'matmul.c'), 'utf8');

/** The fenced block that follows `<!-- name -->` in the README. */
function readmeBlock(name: string): string {
  const marker = `<!-- ${name} -->`;
  const block = /```text\n([\s\S]*?)\n```/.exec(readme.slice(readme.indexOf(marker)));
  if (!readme.includes(marker) || block === null) throw new Error(`README.md has no block ${name}`);
  return block[1] as string;
}

afterAll(removeTemporaryFolders);

describe('examples/performance', () => {
  it('stops a candidate that does not overwrite c at stage 1, with the feedback the README shows', async () => {
    const zeroing = '  for (int i = 0; i < n * n; i++) c[i] = 0.0;\n';
    expect(seed).toContain(zeroing);
    const result = await evaluateProgram('performance', 'matmul.c', seed.replace(zeroing, ''));
    expect(result).toMatchObject({ status: 'invalid', stage: 0, metrics: { correct: 0 } });
    expect(result.feedback).toBe(readmeBlock('feedback: stage 1'));
  }, 180_000);

  it('times and profiles a correct candidate: the speed-up line and the gcov profile of the README', async () => {
    const { result } = await evaluateCandidate(folder, {
      store: temporaryFolder('store'),
      onWarning: () => {},
    });
    expect(result).toMatchObject({ status: 'scored', stage: 1 });
    const { speedup, candidate_ms: candidateMs, reference_ms: referenceMs } = result.metrics;
    expect(speedup).toBeCloseTo((referenceMs as number) / (candidateMs as number), 12);
    const [check, timing, ...profile] = result.feedback.split('\n');
    expect(check).toBe('Correct on all 6 check sizes (n = 1, 3, 7, 16, 33, 64).');
    expect(timing).toMatch(
      /^Speed-up \d+\.\d\dx over the reference at n = 128: \d+\.\d{3} ms per call against \d+\.\d{3} ms \(minimum over 3 processes of 17 interleaved rounds, CPU time; the processes' minima ranged \d+\.\d{3}–\d+\.\d{3} ms and \d+\.\d{3}–\d+\.\d{3} ms\)\.$/,
    );
    expect(timing).toContain(`Speed-up ${(speedup as number).toFixed(2)}x`);
    expect(profile.join('\n')).toBe(readmeBlock('feedback: profile'));
  }, 180_000);

  it('runs end to end offline with mutate: broken mutations stop at stage 1, the others are timed', async () => {
    const store = temporaryFolder('run');
    const summary = await run(folder, {
      store,
      seed: 1,
      overrides: { models: ['mutate'], budget: { evaluations: 6 }, concurrency: { llm: 2, evaluations: 2 } },
      onWarning: () => {},
    });
    expect(summary).toMatchObject({ status: 'completed', evaluations: 6 });
    expect(summary.statuses.scored).toBeGreaterThanOrEqual(1);
    expect(summary.statuses.scored + summary.statuses.invalid).toBe(6);
    const events = openSqliteEventStore(store, { readonly: true });
    try {
      const results = events
        .read(summary.runId)
        .flatMap((event) => (event.type === 'evaluation-end' ? [event.data.result] : []));
      for (const result of results) {
        expect(result.stage).toBe(result.status === 'scored' ? 1 : 0);
        if (result.status === 'scored') expect(result.metrics['speedup']).toBeGreaterThan(0);
      }
    } finally {
      events.close();
    }
  }, 600_000);
});
