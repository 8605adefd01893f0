/**
 * The workflow recipe end to end, offline: `mutate` tunes the numeric parameters and the forecast error
 * falls a little (real loop, sandbox, store); the evaluator's feedback on the seed is exactly the trace the
 * README shows, and the one-line repair that trace points at (step 1 rejects every decimal comma) cuts
 * the error to the README's figure.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateCandidate } from '../../src/api/evaluate.ts';
import {
  evaluateProgram,
  examplesDir,
  improved,
  removeTemporaryFolders,
  runLoop,
  temporaryFolder,
} from '../problem-checks.ts';

const folder = path.join(examplesDir, 'workflow');
const readme = readFileSync(path.join(folder, 'README.md'), 'utf8');
const seed = readFileSync(path.join(folder, 'params.py'), 'utf8');

afterAll(removeTemporaryFolders);

describe('examples/workflow', () => {
  it('lowers the forecast error offline with mutate', async () => {
    const summary = await runLoop('workflow', 'mutate', 8);
    expect(summary.status).toBe('completed');
    expect(summary.objective.direction).toBe('minimize');
    expect(summary.seedScore).toBeCloseTo(0.306306603388716, 12);
    expect(improved(summary), JSON.stringify(summary)).toBe(true);
  }, 300_000);

  it('returns the execution trace and the final feedback of the seed, exactly as the README shows', async () => {
    const { result } = await evaluateCandidate(folder, {
      store: temporaryFolder('store'),
      onWarning: () => {},
    });
    expect(result.status).toBe('scored');
    const block = /<!-- feedback: seed -->\n```text\n([\s\S]*?)\n```/.exec(readme);
    expect(block, 'README.md has the seed feedback block').not.toBeNull();
    expect(result.feedback).toBe(block?.[1]);
  }, 120_000);

  it('rewards the repair the trace points at: parsing decimal commas', async () => {
    const repaired = seed.replace('return float(text)', 'return float(text.replace(",", "."))');
    expect(repaired).not.toBe(seed);
    const result = await evaluateProgram('workflow', 'params.py', repaired);
    expect(result.status).toBe('scored');
    expect(result.score).toBeCloseTo(0.033335893480692845, 12);
    expect(result.feedback).toContain('1. parse: 5942 lines -> 5941 orders, 1 rejected');
  }, 120_000);
});
