/**
 * The first working loop, end to end: the real CLI, the real sandbox, the real SQLite store, and the LLM
 * path over real HTTP through the mock server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/core/run-summary.ts';
import { type MockLlmServer, startMockLlmServer } from '../../src/llm/mock-llm-server.ts';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { parseJson, runCli, startCli } from '../helpers/cli.ts';
import { expectConsistentLog } from '../helpers/log-invariants.ts';

const folders: string[] = [];
function freshStore(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-e2e-'));
  folders.push(folder);
  return folder;
}

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlmServer({ port: 0, seed: 1, latencyMs: 5 });
});
afterAll(async () => {
  await mock.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function readEvents(store: string, runId: string) {
  const eventStore = openSqliteEventStore(store);
  try {
    return eventStore.read(runId);
  } finally {
    eventStore.close();
  }
}

describe('ratchet run (end to end)', () => {
  it('improves the circle-packing seed within 60 evaluations through mock-llm over HTTP', async () => {
    const store = freshStore();
    const result = await runCli([
      'run',
      'examples/circle-packing',
      '--model',
      `compatible:mock@${mock.url}`,
      '--max-evaluations',
      '60',
      '--seed',
      '3',
      '--store',
      store,
      '--json',
    ]);
    const summary = parseJson<RunSummary>(result);
    expect(result.code, result.stderr).toBe(0);
    expect(summary.status).toBe('completed');
    expect(summary.evaluations).toBe(60);
    expect(summary.llmCalls).toBeGreaterThanOrEqual(59);
    expect(summary.tokens.input).toBeGreaterThan(0);
    expect(summary.best!.score).toBeGreaterThan(summary.seedScore!);
    expect(mock.stats().completions).toBeGreaterThan(0);
    expectConsistentLog(readEvents(store, summary.runId));
  });

  it('records an edit that matches nothing as a failed proposal and never evaluates it', async () => {
    const store = freshStore();
    const noMatch = await startMockLlmServer({ port: 0, seed: 2, faults: { 'no-match': 1 } });
    try {
      const result = await runCli([
        'run',
        'examples/circle-packing',
        '--model',
        `compatible:mock@${noMatch.url}`,
        '--max-evaluations',
        '5',
        '--max-llm-calls',
        '4',
        '--store',
        store,
        '--json',
      ]);
      const summary = parseJson<RunSummary>(result);
      expect(summary.evaluations).toBe(1); // the seed only
      expect(summary.failedProposals).toBe(summary.proposals);
      const events = readEvents(store, summary.runId);
      const failures = events.flatMap((event) => (event.type === 'proposal-end' ? [event.data] : []));
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(failure.outcome).toBe('failed');
        expect(failure.reason).toMatch(/SEARCH/i);
        expect(failure.candidateId).toBeUndefined();
      }
      expect(events.filter((event) => event.type === 'evaluation-start')).toHaveLength(1);
      expectConsistentLog(events);
    } finally {
      await noMatch.close();
    }
  });

  it('resumes after kill -9 midway with nothing lost and nothing evaluated twice', async () => {
    const store = freshStore();
    const child = startCli([
      'run',
      'examples/circle-packing',
      '--model',
      'mutate',
      '--max-evaluations',
      '24',
      '--seed',
      '5',
      '--eval-concurrency',
      '2',
      '--store',
      store,
      '--json',
    ]);
    // wait until the log holds at least 6 finished evaluations, then kill the controller without warning
    const runId = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        try {
          const eventStore = openSqliteEventStore(store);
          const run = eventStore.listRuns()[0];
          const ends =
            run === undefined
              ? 0
              : eventStore.read(run.runId).filter((event) => event.type === 'evaluation-end').length;
          eventStore.close();
          if (run !== undefined && ends >= 6) {
            clearInterval(timer);
            child.kill('SIGKILL');
            resolve(run.runId);
          }
        } catch (error) {
          clearInterval(timer);
          reject(error);
        }
      }, 50);
    });
    await new Promise((resolve) => child.on('close', resolve));
    const before = readEvents(store, runId);
    expect(before.some((event) => event.type === 'run-end')).toBe(false);
    const evaluatedBefore = new Set(
      before.flatMap((event) => (event.type === 'evaluation-end' ? [event.data.candidateId] : [])),
    );

    const listed = parseJson<{ runId: string; status: string }[]>(
      await runCli(['list', '--store', store, '--json']),
    );
    expect(listed.map((run) => [run.runId, run.status])).toEqual([[runId, 'running']]);

    const resumed = await runCli(['resume', runId, '--store', store, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = parseJson<RunSummary>(resumed);
    expect(summary.status).toBe('completed');
    expect(summary.evaluations).toBe(24);
    const after = readEvents(store, runId);
    expectConsistentLog(after);
    const resumeSeq = after.find((event) => event.type === 'run-resume')!.seq;
    const evaluatedAfterResume = after.flatMap((event) =>
      event.type === 'evaluation-end' && event.seq > resumeSeq ? [event.data.candidateId] : [],
    );
    for (const id of evaluatedAfterResume) expect(evaluatedBefore.has(id)).toBe(false);

    const best = parseJson<{ candidateId: string; score: number }>(
      await runCli(['best', runId, '--store', store, '--json']),
    );
    expect(best.candidateId).toBe(summary.best!.candidateId);
    expect(best.score).toBe(summary.best!.score);
  });
});

describe('ratchet CLI input errors', () => {
  it('exits 2 and names the flag for a bad model string', async () => {
    const result = await runCli([
      'run',
      'examples/circle-packing',
      '--model',
      'gpt-4',
      '--store',
      freshStore(),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--model');
    expect(result.stderr).toContain('unknown model string "gpt-4"');
  });

  it('exits 2 for a folder that is not a problem, saying what it needs', async () => {
    const result = await runCli(['run', freshStore()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a problem folder');
    expect(result.stderr).toContain('initial_program');
  });

  it('exits 2 for a missing API key and names the variable', async () => {
    const env = { ...process.env };
    delete env['OPENAI_API_KEY'];
    const result = await runCli(
      ['run', 'examples/circle-packing', '--model', 'openai:gpt-4.1-mini', '--store', freshStore()],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('OPENAI_API_KEY');
  });
});
