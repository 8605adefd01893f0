/**
 * Exact replay: runs made with `mutate` and through mock-llm replay identically from their logs, a
 * tampered proposer is caught, and `--reevaluate` finds an evaluator that is not deterministic.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreReader } from '../../src/api/inspect.ts';
import { replayRecordedRun } from '../../src/api/replay.ts';
import { run } from '../../src/api/run.ts';
import { replayRun } from '../../src/core/replay.ts';
import { startMockLlmServer } from '../../src/llm/mock-llm-server.ts';
import { createMutateProposer } from '../../src/llm/mutate.ts';
import { findStrategy } from '../../src/strategies/index.ts';
import { parseJson, runCli } from '../helpers/cli.ts';
import { toyProblem } from '../helpers/toy-problem.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function problemFolder(options: { noisy?: boolean } = {}): string {
  const folder = toyProblem(options);
  folders.push(folder);
  return folder;
}

describe('ratchet replay', () => {
  it('replays a mutate run identically, and catches a proposer that behaves differently', async () => {
    const folder = problemFolder();
    const summary = await run(folder, {
      overrides: { models: ['mutate'], budget: { evaluations: 16 }, concurrency: { llm: 3, evaluations: 2 } },
      seed: 4,
    });
    expect(summary.best!.score).toBeGreaterThan(summary.seedScore!);
    const store = path.join(folder, '.ratchet');
    const report = await replayRecordedRun(summary.runId, { store });
    expect(report.mismatches).toEqual([]);
    expect(report.identical).toBe(true);
    expect(report.proposals).toBe(summary.proposals);
    expect(report.promotions).toBeGreaterThan(1);

    // the same log replayed with a proposer that perturbs differently must not pass
    const reader = openStoreReader(store);
    try {
      const tampered = await replayRun([...reader.store.iterate(summary.runId)], {
        strategy: findStrategy('refine')!,
        candidateOf: (id) => reader.candidate(id),
        proposerFor: () => createMutateProposer({ structuralRate: 1 }),
      });
      expect(tampered.identical).toBe(false);
      expect(
        tampered.mismatches.some((mismatch) => mismatch.kind === 'candidate' || mismatch.kind === 'outcome'),
      ).toBe(true);
    } finally {
      reader.close();
    }
  });

  it('replays a mock-llm run candidate for candidate, offline, through the CLI', async () => {
    const folder = problemFolder();
    const mock = await startMockLlmServer({ port: 0, seed: 3, faults: { 'no-match': 0.2 } });
    let runId: string;
    try {
      const summary = await run(folder, {
        overrides: {
          models: [`compatible:mock@${mock.url}`],
          budget: { evaluations: 12 },
          concurrency: { llm: 4, evaluations: 2 },
        },
        seed: 8,
      });
      runId = summary.runId;
      expect(summary.llmCalls).toBeGreaterThan(10);
    } finally {
      await mock.close(); // the replay must not need the server
    }
    const result = await runCli(['replay', runId, '--store', path.join(folder, '.ratchet'), '--json']);
    const report = parseJson<{ identical: boolean; mismatches: unknown[]; proposals: number }>(result);
    expect(report.mismatches).toEqual([]);
    expect(report.identical).toBe(true);
    expect(result.code).toBe(0);
  });

  it('--reevaluate reports a nondeterministic evaluator and exits 1', async () => {
    const folder = problemFolder({ noisy: true });
    const summary = await run(folder, {
      overrides: { models: ['mutate'], budget: { evaluations: 4 } },
      seed: 1,
    });
    const result = await runCli([
      'replay',
      summary.runId,
      '--store',
      path.join(folder, '.ratchet'),
      '--reevaluate',
      '--json',
    ]);
    const report = parseJson<{
      identical: boolean;
      reevaluation: { evaluations: number; differing: unknown[]; deterministic: boolean };
    }>(result);
    expect(report.identical).toBe(true);
    expect(report.reevaluation.evaluations).toBe(4);
    expect(report.reevaluation.deterministic).toBe(false);
    expect(report.reevaluation.differing.length).toBeGreaterThan(0);
    expect(result.code).toBe(1);

    const steady = problemFolder();
    const deterministic = await run(steady, {
      overrides: { models: ['mutate'], budget: { evaluations: 4 } },
      seed: 1,
    });
    const clean = await runCli([
      'replay',
      deterministic.runId,
      '--store',
      path.join(steady, '.ratchet'),
      '--reevaluate',
      '--json',
    ]);
    expect(parseJson<{ reevaluation: { deterministic: boolean } }>(clean).reevaluation.deterministic).toBe(
      true,
    );
    expect(clean.code).toBe(0);
  });

  it('records a critic’s diagnoses as critique-end events and still replays identically', async () => {
    const folder = problemFolder();
    const mock = await startMockLlmServer({ port: 0, seed: 5 });
    let runId: string;
    try {
      const summary = await run(folder, {
        overrides: {
          models: ['mutate'],
          critic: `compatible:critic@${mock.url}`,
          strategy: 'tree',
          budget: { evaluations: 8 },
          concurrency: { llm: 2, evaluations: 2 },
        },
        seed: 2,
      });
      runId = summary.runId;
      expect(summary.llmCalls).toBe(8); // one critique per evaluation, no proposer calls (mutate)
    } finally {
      await mock.close();
    }
    const reader = openStoreReader(path.join(folder, '.ratchet'));
    try {
      const events = [...reader.store.iterate(runId)];
      const critiques = events.filter((event) => event.type === 'critique-end');
      expect(critiques).toHaveLength(8);
      const calls = events.filter((event) => event.type === 'llm-call-start');
      expect(
        calls.every((event) => event.type === 'llm-call-start' && /\.critic1$/.test(event.data.callId)),
      ).toBe(true);
    } finally {
      reader.close();
    }
    const report = await replayRecordedRun(runId, { store: path.join(folder, '.ratchet') });
    expect(report.mismatches).toEqual([]);
  });
});
