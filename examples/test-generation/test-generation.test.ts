/**
 * The test-generation recipe end to end, offline: `mutate` tunes the generator's constants and the true
 * negative rate rises (the real loop, sandbox and store); the evaluator scores and explains a hand-written
 * generator exactly as the README says: the correct solutions it wrongly rejects, with the test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateProgram, examplesDir, removeTemporaryFolders, runLoop } from '../problem-checks.ts';

const readme = readFileSync(path.join(examplesDir, 'test-generation', 'README.md'), 'utf8');

/** The first fenced block of the given info string after the README's "Feedback, exactly" heading. */
function readmeBlock(info: string): string {
  const section = readme.slice(readme.indexOf('## Feedback, exactly'));
  const block = new RegExp(`\`\`\`${info}\n([\\s\\S]*?)\n\`\`\``).exec(section);
  if (block === null) throw new Error(`README.md has no ${info} block under "Feedback, exactly"`);
  return block[1] as string;
}

afterAll(removeTemporaryFolders);

describe('examples/test-generation', () => {
  it('improves the seed generator offline with mutate: more incorrect solutions are caught', async () => {
    const summary = await runLoop('test-generation', 'mutate', 8);
    expect(summary.status).toBe('completed');
    expect(summary.seedScore).toBe(0.6);
    expect(summary.best?.score, JSON.stringify(summary)).toBeGreaterThan(0.6);
    expect(summary.best?.metrics['tnr']).toBeGreaterThan(0.2);
  }, 300_000);

  it('scores a hand-written generator and explains it exactly as the README shows', async () => {
    const generator = readmeBlock('python');
    const result = await evaluateProgram('test-generation', 'generator.py', `${generator}\n`);
    expect(result.status).toBe('scored');
    expect(result.metrics).toEqual({ score: 0.625, tpr: 0.25, tnr: 1, tests: 3, outside_constraints: 1 });
    expect(result.feedback).toBe(readmeBlock('text'));
  }, 120_000);
});
