/**
 * Exact replay: runs made with `mutate` and through mock-llm replay identically from their logs, a
 * tampered proposer is caught, and `--reevaluate` finds an evaluator that is not deterministic.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const program = `# EVOLVE-BLOCK-START
a = 1.5
b = -2.25
c = [0.5, 0.75, 3.0]
# EVOLVE-BLOCK-END
`;

/** A small problem with a fast shell evaluator: the score is minus the distance of the numbers from 1. */
function problemFolder(options: { noisy?: boolean } = {}): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-replay-'));
  folders.push(folder);
  writeFileSync(path.join(folder, 'main.py'), program);
  const noise = options.noisy === true ? ' + $(od -An -N2 -tu2 /dev/urandom) / 100000' : '';
  writeFileSync(
    path.join(folder, 'score.sh'),
    `#!/bin/sh
total=$(grep -oE -- '-?[0-9]+(\\.[0-9]+)?' "$1" | awk '{ d = $1 - 1; s += (d < 0 ? -d : d) } END { printf "%.6f", -s }')
echo "{\\"metrics\\": {\\"combined_score\\": $(awk "BEGIN { print $total${noise} }")}}"
`,
  );
  writeFileSync(
    path.join(folder, 'ratchet.config.ts'),
    `export default { description: 'bring every number to 1', seed: 'main.py', evaluator: { command: ['/bin/sh', '{problemDir}/score.sh', '{candidate}'] }, timeoutSeconds: 10 };\n`,
  );
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
});
