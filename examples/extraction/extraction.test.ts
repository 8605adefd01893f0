/**
 * The extraction recipe end to end, offline: `mutate` tunes the extractor's name lengths and the F1
 * against the gold triples rises (real loop, sandbox, store); the evaluator's feedback on the seed — the
 * rule violations and the per-document counts — is exactly the README's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateCandidate } from '../../src/api/evaluate.ts';
import { examplesDir, removeTemporaryFolders, runLoop, temporaryFolder } from '../problem-checks.ts';

const folder = path.join(examplesDir, 'extraction');
const readme = readFileSync(path.join(folder, 'README.md'), 'utf8');

afterAll(removeTemporaryFolders);

describe('examples/extraction', () => {
  it('improves the seed extractor offline with mutate: the F1 against the gold triples rises', async () => {
    const summary = await runLoop('extraction', 'mutate', 8);
    expect(summary.status).toBe('completed');
    expect(summary.seedScore).toBeCloseTo(16 / 63, 12);
    expect(summary.best?.score, JSON.stringify(summary)).toBeGreaterThan(0.5);
  }, 300_000);

  it('lists the rule violations of the seed and its per-document counts, as the README shows', async () => {
    const { result } = await evaluateCandidate(folder, {
      store: temporaryFolder('store'),
      onWarning: () => {},
    });
    expect(result.status).toBe('scored');
    expect(result.metrics).toMatchObject({ triples: 31, violations: 7, recall: 0.25 });
    const block = /<!-- feedback: seed -->\n```text\n([\s\S]*?)\n```/.exec(readme);
    expect(block, 'README.md has the seed feedback block').not.toBeNull();
    expect(result.feedback).toBe(block?.[1]);
  }, 120_000);
});
