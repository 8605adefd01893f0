/**
 * Every export format parses back line by line and matches counts taken independently from the log:
 * on a run written event by event (exact cases: ties, invalid children, a discard, an unknown event
 * type), and on real runs through mock-llm over HTTP and through `mutate`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../core/run-summary.ts';
import type { FeedbackRecord, PreferenceRecord, SftRecord } from '../export/export-records.ts';
import { synthesizedAnswer } from '../export/proposal-answer.ts';
import { traceRun } from '../export/run-trajectory.ts';
import { applyEdits } from '../llm/edits/apply-edits.ts';
import { parseEdits } from '../llm/edits/parse-edits.ts';
import { type MockLlmServer, startMockLlmServer } from '../llm/mock-llm-server.ts';
import { SyntheticRun } from '../server/testing/synthetic-run.ts';
import type { RunEvent } from '../spec/events.ts';
import type { EventStore } from '../spec/store.ts';
import { openSqliteEventStore } from '../store/sqlite-event-store.ts';
import { type ExportFormat, type ExportOptions, exportRun } from './export.ts';
import { openStoreReader, type StoreReader } from './inspect.ts';
import { run } from './run.ts';

const folders: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-export-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes the export to a file and parses it back, one `JSON.parse` per line. */
function exported<T>(reader: StoreReader, runId: string, options: ExportOptions) {
  const file = path.join(tempDir(), `${options.format}.jsonl`);
  const result = exportRun(reader, runId, file, options);
  const text = readFileSync(file, 'utf8');
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return { result, lines: lines.map((line) => JSON.parse(line) as T) };
}

const mainPurpose = (data: object) => {
  const purpose = (data as { purpose?: string }).purpose;
  return purpose === undefined || purpose === 'optimize';
};

/** Latest main evaluation per candidate: its score, or null when not scored. */
function scores(events: readonly RunEvent[]): Map<string, number | null> {
  const result = new Map<string, number | null>();
  for (const event of events) {
    if (event.type === 'evaluation-end' && mainPurpose(event.data))
      result.set(
        event.data.candidateId,
        event.data.result.status === 'scored' ? event.data.result.score : null,
      );
  }
  return result;
}

/** Counted straight from the log: proposals whose scored child beats every scored parent. */
function countImprovingSteps(events: readonly RunEvent[], maximize: boolean): number {
  const score = scores(events);
  let count = 0;
  for (const event of events) {
    if (event.type !== 'proposal-end' || event.data.outcome !== 'candidate') continue;
    const child = score.get(event.data.candidateId ?? '');
    if (child === undefined || child === null) continue;
    const parents = event.data.parentIds
      .map((id) => score.get(id))
      .filter((value) => typeof value === 'number');
    if (parents.every((parent) => (maximize ? child > parent : child < parent))) count += 1;
  }
  return count;
}

/** Counted straight from the log: strictly ordered pairs of evaluated children of the same parents. */
function countPreferencePairs(events: readonly RunEvent[]): number {
  const score = scores(events);
  const groups = new Map<string, (number | null)[]>();
  for (const event of events) {
    if (event.type !== 'proposal-end' || event.data.outcome !== 'candidate') continue;
    const value = score.get(event.data.candidateId ?? '');
    if (value === undefined) continue;
    const key = event.data.parentIds.join(',');
    groups.set(key, [...(groups.get(key) ?? []), value]);
  }
  let pairs = 0;
  for (const values of groups.values()) {
    values.forEach((a, index) => {
      for (const b of values.slice(index + 1)) {
        if (a === null && b === null) continue;
        if (a === null || b === null || a !== b) pairs += 1;
      }
    });
  }
  return pairs;
}

describe('exports of a run written event by event', () => {
  let dir: string;
  let reader: StoreReader;
  let events: RunEvent[];
  const ids: Record<string, string> = {};
  const file = (content: string) => [{ path: 'main.py', content }];

  beforeAll(() => {
    dir = tempDir();
    const store: EventStore = openSqliteEventStore(dir);
    const synthetic = SyntheticRun.start(store, { runId: 'run-1', seedScore: 1 });
    const child = (name: string, parentId: string, content: string, score?: number) => {
      ids[name] = synthetic.propose({
        parentId,
        files: file(content),
        ...(score === undefined ? { status: 'invalid' as const, feedback: 'NameError' } : { score }),
        prompt: `make ${name}`,
        response: `answer ${name}`,
      });
    };
    child('a', synthetic.seedId, 'x = 2\n', 2);
    child('b', synthetic.seedId, 'x = 0.5\n', 0.5);
    child('c', synthetic.seedId, 'x = \n');
    child('d', synthetic.seedId, 'x = 2.0\n', 2);
    child('e', ids['a'] as string, 'x = 3\n', 3);
    synthetic.failProposal(synthetic.seedId, 'no block matched');
    // a gate's discard, and an event type this version does not know: both kept, neither breaks anything
    store.append(
      'run-1',
      [
        {
          type: 'candidate-discard',
          data: { candidateId: ids['e'], reasons: ['validate: 1 win, 4 losses'], consecutive: 1 },
        },
        { type: 'future-thing', data: { anything: [1, 2, 3] } },
      ] as never,
      1_800_000_000_000,
    );
    synthetic.end();
    events = store.read('run-1');
    store.close();
    reader = openStoreReader(dir);
  });
  afterAll(() => reader.close());

  it('events: every event of the log, in order, as stored', () => {
    const { result, lines } = exported<RunEvent>(reader, 'run-1', { format: 'events' });
    expect(result.records).toBe(events.length);
    expect(lines).toEqual(events);
    expect(lines.map((event) => event.type)).toContain('future-thing');
  });

  it('sft: one conversation per improving step (ties and invalid children are not steps)', () => {
    const { result, lines } = exported<SftRecord>(reader, 'run-1', { format: 'sft' });
    expect(countImprovingSteps(events, true)).toBe(3);
    expect(lines).toHaveLength(3);
    expect(result.details['improvingSteps']).toBe(3);
    expect(lines.map((line) => line.metadata?.candidateId)).toEqual([ids['a'], ids['d'], ids['e']]);
    expect(lines[0]?.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant']);
    expect(lines[0]?.messages.map((message) => message.content).slice(1)).toEqual(['make a', 'answer a']);
    expect(lines[2]?.metadata).toMatchObject({ parentScore: 2, score: 3, improvement: 1, discarded: true });
    expect(lines[0]?.metadata).toMatchObject({ source: 'llm', discarded: false, direction: 'maximize' });
  });

  it('preference: better/worse children of one parent, a scored child beating an invalid one', () => {
    const { lines } = exported<PreferenceRecord>(reader, 'run-1', { format: 'preference' });
    expect(countPreferencePairs(events)).toBe(5);
    expect(lines).toHaveLength(5);
    const pairs = lines.map((line) => `${line.chosen[0].content} > ${line.rejected[0].content}`);
    expect(pairs.sort()).toEqual(
      [
        'answer a > answer b',
        'answer a > answer c',
        'answer b > answer c',
        'answer d > answer b',
        'answer d > answer c',
      ].sort(),
    );
    for (const line of lines) {
      expect(line.score_rejected === null || line.score_chosen > line.score_rejected).toBe(true);
      expect(line.prompt.at(-1)?.content).toBe(line.chosen[0].content.replace('answer', 'make'));
    }
    expect(lines.filter((line) => line.score_rejected === null)).toHaveLength(3);
  });

  it('feedback: one LeTI example per evaluation, passed when scored', () => {
    const { result, lines } = exported<FeedbackRecord>(reader, 'run-1', { format: 'feedback' });
    const evaluationEnds = events.filter((event) => event.type === 'evaluation-end');
    expect(lines).toHaveLength(evaluationEnds.length);
    expect(result.details['passed']).toBe(5);
    const broken = lines.find((line) => line.metadata?.candidateId === ids['c']);
    expect(broken).toMatchObject({
      program: 'x = \n',
      feedback: 'NameError',
      passed: false,
      status: 'invalid',
    });
    expect(lines[0]?.instruction).toBe('Make x large.\n\nObjective: maximize score.');
    expect(lines.map((line) => line.metadata?.improved)).toEqual([null, true, false, false, true, true]);
  });

  it('leaves metadata out when asked, and writes nothing on a failure', () => {
    for (const format of ['sft', 'preference', 'feedback'] as ExportFormat[]) {
      const { lines } = exported<Record<string, unknown>>(reader, 'run-1', { format, metadata: false });
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).not.toHaveProperty('metadata');
    }
    const target = path.join(tempDir(), 'nope.jsonl');
    expect(() => exportRun(reader, 'no-such-run', target, { format: 'events' })).toThrow(/no run/);
    expect(() => readFileSync(target)).toThrow();
  });
});

describe('exports of real runs (mock-llm over HTTP, and mutate)', () => {
  let mock: MockLlmServer;
  let reader: StoreReader;
  let llmRun: RunSummary;
  let mutateRun: RunSummary;
  const eventsOf = (runId: string) => reader.store.read(runId);

  beforeAll(async () => {
    mock = await startMockLlmServer({ port: 0, seed: 5 });
    const store = tempDir();
    const options = (model: string) => ({
      store,
      seed: 11,
      overrides: { models: [model], budget: { evaluations: 10 }, concurrency: { llm: 2, evaluations: 2 } },
    });
    llmRun = await run('examples/function-minimization', options(`compatible:mock@${mock.url}`));
    mutateRun = await run('examples/function-minimization', options('mutate'));
    reader = openStoreReader(store);
  }, 900_000);
  afterAll(async () => {
    reader?.close();
    await mock?.close();
  });

  it('counts match the log for every format', () => {
    const events = eventsOf(llmRun.runId);
    expect(llmRun.llmCalls).toBeGreaterThan(0);
    expect(exported(reader, llmRun.runId, { format: 'events' }).lines).toHaveLength(events.length);
    const sft = exported<SftRecord>(reader, llmRun.runId, { format: 'sft' });
    expect(sft.lines).toHaveLength(countImprovingSteps(events, true));
    const preference = exported<PreferenceRecord>(reader, llmRun.runId, { format: 'preference' });
    expect(preference.lines).toHaveLength(countPreferencePairs(events));
    const feedback = exported<FeedbackRecord>(reader, llmRun.runId, { format: 'feedback' });
    expect(feedback.lines).toHaveLength(events.filter((event) => event.type === 'evaluation-end').length);
    expect(feedback.lines).toHaveLength(llmRun.evaluations);
    expect(sft.lines.length).toBeGreaterThan(0);
    expect(preference.lines.length).toBeGreaterThan(0);
    // every SFT answer is the recorded response of its proposal
    const responses = new Map(
      events.flatMap((event) =>
        event.type === 'llm-call-end' ? [[event.data.proposalId, event.data.text]] : [],
      ),
    );
    for (const line of sft.lines) {
      expect(line.messages.at(-1)?.content).toBe(responses.get(line.metadata?.proposalId ?? ''));
    }
  });

  it('the synthesised prompt is the very prompt the LLM proposer sent', () => {
    const trajectory = traceRun(eventsOf(llmRun.runId), { snapshotFor: () => true });
    const recorded = new Map(
      eventsOf(llmRun.runId).flatMap((event) =>
        event.type === 'llm-call-start' ? [[event.data.proposalId, event.data.request.messages]] : [],
      ),
    );
    let compared = 0;
    for (const proposal of trajectory.proposals.values()) {
      const synthesized = synthesizedAnswer(reader.store, trajectory, proposal);
      if (synthesized === null) continue;
      expect(synthesized.prompt).toEqual(recorded.get(proposal.proposalId));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(3);
  });

  it('mutate runs: no SFT line without --synthesize; with it, answers that turn each parent into its child', () => {
    const events = eventsOf(mutateRun.runId);
    const steps = countImprovingSteps(events, true);
    expect(steps).toBeGreaterThan(0);
    const plain = exported<SftRecord>(reader, mutateRun.runId, { format: 'sft' });
    expect(plain.lines).toHaveLength(0);
    expect(plain.result.details['withoutAnswer']).toBe(steps);
    const synthesized = exported<SftRecord>(reader, mutateRun.runId, { format: 'sft', synthesize: true });
    expect(synthesized.lines).toHaveLength(steps);
    const main = (id: string) =>
      reader.candidate(id).files.find((entry) => entry.path === 'initial_program.py')?.content ?? '';
    for (const line of synthesized.lines) {
      const metadata = line.metadata!;
      expect(metadata.source).toBe('synthesized');
      const parent = main(metadata.parentIds[0] as string);
      const edits = parseEdits(line.messages.at(-1)?.content ?? '', {
        format: 'diff',
        parentHasMarkers: true,
      });
      const outcome = applyEdits(parent, edits, { file: 'initial_program.py' });
      expect(outcome.ok && outcome.content).toBe(main(metadata.candidateId));
    }
    const pairs = exported<PreferenceRecord>(reader, mutateRun.runId, {
      format: 'preference',
      synthesize: true,
    });
    expect(pairs.lines).toHaveLength(countPreferencePairs(events));
  });
});
