/**
 * The prompt-optimisation example end to end: the real CLI, the bwrap sandbox with network, the module
 * evaluator asking the task model over HTTP, and mock-llm as both the proposer and the task model.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/core/run-summary.ts';
import { type MockLlmServer, startMockLlmServer } from '../../src/llm/mock-llm-server.ts';
import { mockTaskAnswer } from '../../src/llm/mock-task-answer.ts';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { parseJson, runCli } from '../../test/helpers/cli.ts';
import { labelOf } from './evaluator.ts';

const folder = path.dirname(new URL(import.meta.url).pathname);
const dataset = JSON.parse(readFileSync(path.join(folder, 'dataset.json'), 'utf8')) as {
  labels: string[];
  items: { id: string; text: string; label: string }[];
};
const splits = JSON.parse(readFileSync(path.join(folder, 'splits.json'), 'utf8')) as Record<string, string[]>;

let mock: MockLlmServer;
let store: string;
beforeAll(async () => {
  mock = await startMockLlmServer({ port: 0, seed: 4 });
  store = mkdtempSync(path.join(os.tmpdir(), 'ratchet-prompt-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(store, { recursive: true, force: true });
});

describe('examples/prompt-optimization', () => {
  it('reads the queue an answer names first, in any case', () => {
    expect(labelOf('Billing.', dataset.labels)).toBe('billing');
    expect(labelOf('Queue: account (maybe technical)', dataset.labels)).toBe('account');
    expect(labelOf('accounting', dataset.labels)).toBeNull();
  });

  it('runs end to end through mock-llm: the proposer rewrites the prompt, the task model answers every instance', async () => {
    const environment = { ...process.env, PROMPT_OPT_BASE_URL: mock.url, PROMPT_OPT_MODEL: 'mock' };
    const args = ['run', folder, '--model', `compatible:mock@${mock.url}`, '--max-evaluations', '8'];
    const result = await runCli([...args, '--store', store, '--json'], environment);
    const summary = parseJson<RunSummary>(result);
    expect(result.code, result.stderr).toBe(0);
    expect(summary).toMatchObject({ status: 'completed', evaluations: 8, strategy: 'pareto' });
    expect(summary.statuses.scored).toBe(8);
    expect(summary.llmCalls).toBeGreaterThan(0);

    // the seed's accuracy is what the mock answers to (seed prompt, message) for the optimize messages
    const seedPrompt = readFileSync(path.join(folder, 'prompt.txt'), 'utf8');
    const optimize = dataset.items.filter((item) => splits['optimize']?.includes(item.id));
    const right = optimize.filter(
      (item) =>
        mockTaskAnswer([
          { role: 'system', content: seedPrompt },
          { role: 'user', content: item.text },
        ]) === item.label,
    );
    expect(summary.seedScore).toBeCloseTo(right.length / optimize.length, 12);

    // main evaluations score the optimize split; gates score validate, and confirm once per promotion
    const events = openSqliteEventStore(store, { readonly: true });
    try {
      const ends = events
        .read(summary.runId)
        .flatMap((event) => (event.type === 'evaluation-end' ? [event.data] : []));
      const sizes = new Map(ends.map((end) => [end.purpose ?? 'optimize', end.result.metrics['instances']]));
      expect(Object.fromEntries(sizes)).toMatchObject({ optimize: 12 });
      if (sizes.has('validate')) expect(sizes.get('validate')).toBe(8);
      if (sizes.has('confirm')) expect(sizes.get('confirm')).toBe(6);
      const main = ends.filter((end) => (end.purpose ?? 'optimize') === 'optimize');
      for (const end of main) expect(end.result.metrics['answered']).toBe(1);
      const seedFeedback = main[0]?.result.feedback ?? '';
      expect(seedFeedback).toContain(`${right.length} of 12 messages routed to the right queue`);
      if (right.length < 12) expect(seedFeedback).toMatch(/answered \w+, expected \w+/);
      const taskCalls = ends.reduce((sum, end) => sum + (end.result.metrics['instances'] ?? 0), 0);
      expect(mock.stats().completions).toBeGreaterThanOrEqual(taskCalls + summary.llmCalls);
    } finally {
      events.close();
    }
  }, 900_000);

  it('refuses to start without a task model, saying which variable to set', async () => {
    const environment = { ...process.env };
    delete environment['PROMPT_OPT_BASE_URL'];
    const result = await runCli(['run', folder, '--model', 'mutate', '--store', store], environment);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PROMPT_OPT_BASE_URL');
  }, 300_000);
});
