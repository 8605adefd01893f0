import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore } from '../spec/store.ts';
import { openSqliteEventStore } from '../store/sqlite-event-store.ts';
import { RunCatalog } from './run-catalog.ts';
import { reasonKind } from './run-projection.ts';
import { SyntheticRun, syntheticProblem } from './testing/synthetic-run.ts';

const file = (x: number) => [{ path: 'main.py', content: `x = ${x}\nprint(x)\n` }];

describe('RunProjection (through RunCatalog on a real store)', () => {
  let dir: string;
  let store: EventStore;
  let catalog: RunCatalog;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-projection-'));
    store = openSqliteEventStore(dir);
    catalog = new RunCatalog(dir);
  });
  afterEach(() => {
    catalog.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists nothing while the store folder holds no database yet', () => {
    const empty = new RunCatalog(path.join(dir, 'not-yet'));
    expect(empty.listRuns()).toEqual([]);
    expect(() => empty.run('anything')).toThrow(/no run anything/);
  });

  it('keeps one point per ended evaluation, with the best so far and the failures by kind', () => {
    const run = SyntheticRun.start(store, { runId: 'r1', seedScore: 1, stepMs: 500 });
    const a = run.propose({ parentId: run.seedId, files: file(2), score: 2 });
    run.propose({ parentId: a, files: file(3), status: 'timed-out' });
    run.propose({ parentId: a, files: file(4), score: 1.5 });
    run.failProposal(a, 'edit 2 of 3 matched nothing');
    run.failProposal(a, 'edit 1 of 3 matched nothing');
    run.end();

    const projection = catalog.run('r1');
    expect(projection.points.map((point) => [point.number, point.status, point.score, point.best])).toEqual([
      [1, 'scored', 1, 1],
      [2, 'scored', 2, 2],
      [3, 'timed-out', null, 2],
      [4, 'scored', 1.5, 2],
    ]);
    expect(
      projection.points.every(
        (point, index, all) => index === 0 || point.elapsedMs > (all[index - 1]?.elapsedMs ?? 0),
      ),
    ).toBe(true);
    const overview = projection.overview();
    expect(overview.best).toEqual({ candidateId: a, score: 2 });
    expect(overview.status).toBe('completed');
    expect(overview.failures).toEqual([
      { kind: 'proposal failed: edit N of N matched nothing', count: 2 },
      { kind: 'evaluation timed-out', count: 1 },
    ]);
    expect(overview.spend).toEqual([
      {
        model: 'compatible:mock@http://127.0.0.1:1/v1',
        calls: 3,
        failedCalls: 0,
        usage: { inputTokens: 2700, outputTokens: 900 },
        costUsd: expect.closeTo(0.003, 9),
      },
    ]);
    expect(catalog.listRuns()).toMatchObject([
      { runId: 'r1', evaluations: 4, bestScore: 2, status: 'completed' },
    ]);
  });

  it('folds only new events on refresh and reports what changed after a seq', () => {
    const run = SyntheticRun.start(store, { runId: 'r2' });
    const first = catalog.run('r2');
    const seqAfterSeed = first.seq;
    expect(first.nodesAfter(0).map((node) => node.id)).toEqual([run.seedId]);
    expect(first.nodesAfter(seqAfterSeed)).toEqual([]);

    const child = run.propose({ parentId: run.seedId, files: file(5), score: 5, summary: 'x 1 → 5' });
    const second = catalog.run('r2');
    expect(second).toBe(first);
    const delta = second.snapshot(seqAfterSeed);
    expect(delta.points.map((point) => point.candidateId)).toEqual([child]);
    expect(delta.nodes).toEqual([
      expect.objectContaining({
        id: child,
        parentIds: [run.seedId],
        score: 5,
        status: 'scored',
        summary: 'x 1 → 5',
      }),
    ]);
    expect(second.snapshot(0).points).toHaveLength(2);
  });

  it('shows a strategy panel notice instead of failing when the strategy is unknown', () => {
    SyntheticRun.start(store, {
      runId: 'r3',
      problem: syntheticProblem({ strategy: { name: 'no-such-strategy', options: {} } }),
    });
    expect(catalog.run('r3').panels()).toEqual([
      { title: 'strategy', kind: 'text', data: 'this Ratchet has no strategy no-such-strategy: no panels' },
    ]);
  });

  it('groups reasons into kinds', () => {
    expect(reasonKind(undefined)).toBe('no reason given');
    expect(reasonKind('line 12: bad\nmore')).toBe('line N: bad');
    expect(reasonKind('x'.repeat(200))).toHaveLength(80);
  });
});
