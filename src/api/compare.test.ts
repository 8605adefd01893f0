import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tInterval } from '../core/statistics.ts';
import { type CompareRun, compareStrategies, defaultThreshold, parseStrategySpec } from './compare.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** An OpenEvolve-style folder: bring X to 3 (score −(X − 3)², maximised). */
function problemFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-compare-'));
  folders.push(folder);
  writeFileSync(
    path.join(folder, 'initial_program.py'),
    '# EVOLVE-BLOCK-START\nX = 0.5\nY = 1.25\n# EVOLVE-BLOCK-END\nprint(X + Y)\n',
  );
  writeFileSync(
    path.join(folder, 'evaluator.py'),
    [
      'import re',
      'def evaluate(program_path):',
      '    text = open(program_path).read()',
      "    x = float(re.search(r'X = (-?[0-9.e+-]+)', text).group(1))",
      "    return {'combined_score': -(x - 3) ** 2}",
      '',
    ].join('\n'),
  );
  return folder;
}

describe('compare', () => {
  it('parses strategy specs with options and rejects unknown strategies and options', () => {
    expect(parseStrategySpec('shinka:selection=beam+beams=3')).toEqual({
      name: 'shinka',
      options: { selection: 'beam', beams: 3 },
    });
    expect(parseStrategySpec('tree')).toEqual({ name: 'tree', options: {} });
    expect(() => parseStrategySpec('nope')).toThrow(/unknown strategy "nope"/);
    expect(() => parseStrategySpec('shinka:selection=sideways')).toThrow(/selection/);
  });

  it('puts the default threshold at half the median improvement over the seed', () => {
    const run = (best: number): CompareRun => ({
      strategy: 's',
      seed: 0,
      runId: 'r',
      status: 'completed',
      seedScore: 1,
      bestScore: best,
      evaluations: 10,
      evaluationsToThreshold: null,
      failedProposals: 0,
      costUsd: 0,
    });
    expect(defaultThreshold([run(3), run(5), run(2)], { metric: 'm', direction: 'maximize' })).toBe(2);
    expect(defaultThreshold([run(0), run(-1), run(1)], { metric: 'm', direction: 'minimize' })).toBe(0.5);
    expect(tInterval([1, 2, 3]).halfWidth).toBeCloseTo(2.484, 3);
  });

  it('runs every strategy and the baselines at the same budget and tabulates them', async () => {
    const folder = problemFolder();
    const seen: string[] = [];
    const result = await compareStrategies(folder, {
      strategies: ['tree'],
      seeds: 2,
      maxEvaluations: 6,
      store: path.join(folder, 'store'),
      overrides: { sandbox: 'none', concurrency: { llm: 2, evaluations: 2 } },
      onRun: (run) => seen.push(`${run.strategy}/${run.seed}`),
    });
    expect(seen).toEqual(['sample/0', 'sample/1', 'refine/0', 'refine/1', 'tree/0', 'tree/1']);
    expect(result.rows.map((row) => row.strategy)).toEqual(['sample', 'refine', 'tree']);
    for (const run of result.runs) {
      expect(run.evaluations).toBe(6);
      expect(run.seedScore).toBeCloseTo(-6.25);
      expect(run.bestScore).not.toBeNull();
    }
    expect(result.threshold).not.toBeNull();
    const row = result.rows.find((entry) => entry.strategy === 'tree')!;
    expect(row.runs).toBe(2);
    expect(row.best.mean).toBeCloseTo((result.runs[4]!.bestScore! + result.runs[5]!.bestScore!) / 2);
    expect(['better', 'worse', 'overlaps']).toContain(row.versusBaselines);
    for (const run of result.runs) {
      if (run.evaluationsToThreshold !== null) expect(run.evaluationsToThreshold).toBeLessThanOrEqual(6);
    }
    expect(result.rows.filter((entry) => entry.baseline).map((entry) => entry.versusBaselines)).toEqual([
      null,
      null,
    ]);
  });
});
