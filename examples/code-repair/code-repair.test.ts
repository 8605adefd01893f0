/**
 * The code-repair recipe end to end, offline: `mutate` repairs the two tasks whose bug is an off-by-one
 * literal (the pass rate rises to 1 in the real loop, real sandbox, real store), and the evaluator's
 * feedback on the seeds of two tasks it cannot repair is exactly the text the README shows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateCandidate } from '../../src/api/evaluate.ts';
import { examplesDir, removeTemporaryFolders, runLoop, temporaryFolder } from '../problem-checks.ts';

const readme = readFileSync(path.join(examplesDir, 'code-repair', 'README.md'), 'utf8');

/** The fenced block that follows `<!-- feedback: TASK -->` in the README. */
function feedbackInReadme(task: string): string {
  const marker = `<!-- feedback: ${task} -->`;
  const after = readme.slice(readme.indexOf(marker) + marker.length);
  const block = /```text\n([\s\S]*?)\n```/.exec(after);
  if (!readme.includes(marker) || block === null)
    throw new Error(`README.md has no feedback block for ${task}`);
  return block[1] as string;
}

afterAll(removeTemporaryFolders);

describe('examples/code-repair', () => {
  it.each([
    { task: 'python-pagination', seedScore: 3 / 8 },
    { task: 'ts-word-wrap', seedScore: 4 / 7 },
  ])(
    '$task: mutate repairs the off-by-one and every hidden test passes',
    async ({ task, seedScore }) => {
      const summary = await runLoop(`code-repair/${task}`, 'mutate', 6);
      expect(summary.status).toBe('completed');
      expect(summary.seedScore).toBe(seedScore);
      expect(summary.best?.score, JSON.stringify(summary)).toBe(1);
    },
    300_000,
  );

  it.each(['python-binary-search', 'ts-parse-duration'])(
    '%s: the feedback on the seed names the failed tests with messages and stack frames, as the README shows',
    async (task) => {
      const outcome = await evaluateCandidate(path.join(examplesDir, 'code-repair', task), {
        store: temporaryFolder('store'),
        onWarning: () => {},
      });
      expect(outcome.result.status).toBe('scored');
      expect(outcome.result.feedback).toBe(feedbackInReadme(task));
    },
    120_000,
  );
});
