/**
 * The equation-discovery recipe end to end, offline: `mutate` moves the fixed numbers of the seed model
 * and the error on the base data falls; the engine's active data stage records `problem-data` events that
 * acquire the probe where the best models disagree most, and every later evaluation receives it and
 * reports on its trajectory. The evaluator itself, given an acquired probe, exposes the seed's polynomial
 * and scores the true structure (a sine) as the README says.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/api/run.ts';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { examplesDir, removeTemporaryFolders, temporaryFolder } from '../problem-checks.ts';

const folder = path.join(examplesDir, 'equation-discovery');
const seed = readFileSync(path.join(folder, 'model.ode'), 'utf8');

/** Runs evaluate.py directly (Debian's python3) with RATCHET_DATA; resolves with its result document. */
function evaluateWithData(model: string, data: readonly string[]): Promise<Record<string, unknown>> {
  const file = path.join(temporaryFolder('model'), 'model.ode');
  writeFileSync(file, model);
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', ['-B', path.join(folder, 'evaluate.py'), file], {
      env: { PATH: '/usr/bin:/bin', RATCHET_DATA: JSON.stringify(data), PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let result = '';
    let stderr = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      result += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(result) as Record<string, unknown>);
      else reject(new Error(`evaluate.py exited ${code}: ${stderr}`));
    });
  });
}

afterAll(removeTemporaryFolders);

describe('examples/equation-discovery', () => {
  it('runs offline with mutate: the error falls, and acquired data reaches every later evaluation', async () => {
    const store = temporaryFolder('run');
    const summary = await run(folder, {
      store,
      seed: 1,
      overrides: { models: ['mutate'], budget: { evaluations: 10 }, concurrency: { llm: 2, evaluations: 2 } },
      onWarning: () => {},
    });
    expect(summary).toMatchObject({ status: 'completed', evaluations: 10 });
    expect(summary.best?.score, JSON.stringify(summary)).toBeLessThan(summary.seedScore as number);

    const events = openSqliteEventStore(store, { readonly: true });
    try {
      const log = events.read(summary.runId);
      const acquisitions = log.flatMap((event) => (event.type === 'problem-data' ? [event] : []));
      expect(acquisitions.length).toBeGreaterThanOrEqual(1);
      const first = acquisitions[0]!;
      expect(first.data.data).toEqual([first.data.probeId]);
      expect(new Set(first.data.committee).size).toBe(3);
      expect(first.data.reason).toContain(`disagree most at probe ${first.data.probeId}`);
      // the acquisition came after 4 scored evaluations on the base data; later ones start on version 1+
      const starts = log.flatMap((event) => (event.type === 'evaluation-start' ? [event] : []));
      const later = starts.filter((event) => event.seq > first.seq);
      expect(
        starts.filter((event) => event.seq < first.seq).every((event) => event.data.dataVersion === 0),
      ).toBe(true);
      expect(later.length).toBeGreaterThan(0);
      expect(later.every((event) => (event.data.dataVersion ?? 0) >= 1)).toBe(true);
      const laterIds = new Set(later.map((event) => event.data.evaluationId));
      const laterEnds = log.flatMap((event) =>
        event.type === 'evaluation-end' && laterIds.has(event.data.evaluationId) ? [event] : [],
      );
      expect(laterEnds.length).toBeGreaterThan(0);
      for (const end of laterEnds) {
        expect(end.data.result.feedback).toContain(`(acquired: probe ${first.data.probeId})`);
      }
    } finally {
      events.close();
    }
  }, 600_000);

  it('exposes the polynomial seed on a large swing it never saw, and fits the true sine structure', async () => {
    const probe = 'theta=3.0,omega=0.0';
    const polynomial = await evaluateWithData(seed, [probe]);
    const sine = await evaluateWithData(
      seed.replace('(theta - theta**3 / 8 + theta**5 / 150)', 'sin(theta)'),
      [probe],
    );
    const nmse = (result: Record<string, unknown>): number => (result['metrics'] as { nmse: number }).nmse;
    expect(nmse(polynomial)).toBeGreaterThan(0.5);
    expect(nmse(sine)).toBeLessThan(1e-5);
    expect(sine['feedback']).toContain('Data: 3 base trajectories and 1 acquired (t = 0 to 12).');
    expect(sine['feedback']).toContain(`- from theta = 3.00, omega = 0.00 (acquired: probe ${probe}): NMSE `);
    expect(Object.keys(sine['predictions'] as object)).toHaveLength(10);
  }, 120_000);
});
