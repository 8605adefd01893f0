/**
 * `show`, `diff` and `lineage` over runs written straight into a store (the dashboard's synthetic runs),
 * through the library functions and through the real CLI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../../test/helpers/cli.ts';
import { RatchetError } from '../core/errors.ts';
import { SyntheticRun } from '../server/testing/synthetic-run.ts';
import { openSqliteEventStore } from '../store/sqlite-event-store.ts';
import { diffCandidates } from './candidate-diff.ts';
import { candidateLineage } from './candidate-lineage.ts';
import { openStoreReader, type StoreReader } from './inspect.ts';
import { locateCandidate } from './locate-candidate.ts';
import { type CandidateDetail, showCandidate } from './show-candidate.ts';

const file = (content: string) => [{ path: 'main.py', content }];

let dir: string;
let reader: StoreReader;
const ids: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-inspect-'));
  const store = openSqliteEventStore(dir);
  const first = SyntheticRun.start(store, { runId: 'run-1', seedScore: 1 });
  ids['seed'] = first.seedId;
  ids['a'] = first.propose({
    parentId: first.seedId,
    files: file('x = 2\nprint(x)\n'),
    score: 2,
    feedback: 'x is 2',
    prompt: 'Make x larger.',
    response: '<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE',
    summary: 'x 1 → 2',
  });
  ids['b'] = first.propose({
    parentId: ids['a'] as string,
    files: file('x = 3\nprint(x)\nprint("done")\n'),
    score: 1.5,
    feedback: 'x is 3 but slower',
  });
  ids['broken'] = first.propose({
    parentId: first.seedId,
    files: file('x = \n'),
    status: 'invalid',
    feedback: 'SyntaxError: invalid syntax',
  });
  store.append(
    'run-1',
    [
      {
        type: 'candidate-promote',
        data: {
          candidateId: ids['a'] as string,
          score: 2,
          previousCandidateId: first.seedId,
          reasons: ['better'],
        },
      },
      {
        type: 'evaluation-end',
        data: {
          evaluationId: 'v1',
          candidateId: ids['b'] as string,
          purpose: 'validate',
          result: {
            status: 'scored',
            metrics: { score: 0.5 },
            score: 0.5,
            feedback: '',
            artifacts: {},
            usage: { durationMs: 1 },
          },
        },
      },
      {
        type: 'candidate-discard',
        data: {
          candidateId: ids['b'] as string,
          reasons: ['improved on optimize but not on validate'],
          consecutive: 1,
        },
      },
    ],
    1_800_000_000_000,
  );
  first.end();
  const second = SyntheticRun.start(store, { runId: 'run-2', seedScore: 1 });
  ids['other'] = second.propose({ parentId: second.seedId, files: file('x = 7\nprint(x)\n'), score: 7 });
  second.end();
  store.close();
  reader = openStoreReader(dir);
});

afterAll(() => {
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

function thrown(action: () => unknown): RatchetError {
  try {
    action();
  } catch (error) {
    if (RatchetError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a RatchetError');
}

describe('locateCandidate', () => {
  it('finds a candidate by full id, by prefix, and by best/seed of a run', () => {
    const a = ids['a'] as string;
    expect(locateCandidate(reader, a)).toEqual({ runId: 'run-1', candidateId: a });
    expect(locateCandidate(reader, a.slice(0, 8).toUpperCase())).toEqual({ runId: 'run-1', candidateId: a });
    expect(locateCandidate(reader, 'best', 'run-1').candidateId).toBe(a);
    expect(locateCandidate(reader, 'best').candidateId).toBe(ids['other']);
    expect(locateCandidate(reader, 'seed', 'run-1').candidateId).toBe(ids['seed']);
  });

  it('reads a candidate that several runs share from the latest of them, unless --run says otherwise', () => {
    const seed = ids['seed'] as string;
    expect(locateCandidate(reader, seed).runId).toBe('run-2');
    expect(locateCandidate(reader, seed, 'run-1').runId).toBe('run-1');
  });

  it('refuses an ambiguous prefix (bad input, naming the matches) and an unknown one (not found)', () => {
    const ambiguous = thrown(() => locateCandidate(reader, ''));
    expect(ambiguous.code).toBe('bad-input');
    // every id starts with one of 16 hex digits: with 5 candidates some digit may be shared, so find one
    const all = Object.values(ids);
    const shared = all.find((id) => all.filter((other) => other[0] === id[0]).length > 1);
    if (shared !== undefined) {
      const error = thrown(() => locateCandidate(reader, shared.slice(0, 1)));
      expect(error.code).toBe('bad-input');
      expect(error.message).toContain(shared.slice(0, 12));
    }
    const missing = thrown(() => locateCandidate(reader, 'zzzz'));
    expect(missing.code).toBe('not-found');
    expect(thrown(() => locateCandidate(reader, ids['other'] as string, 'run-1')).code).toBe('not-found');
  });
});

describe('lineage, diff and show', () => {
  it('walks from a candidate back to the seed with scores and changes', () => {
    const lineage = candidateLineage(reader, ids['b'] as string);
    expect(lineage.runId).toBe('run-1');
    expect(lineage.steps.map((step) => step.candidateId)).toEqual([ids['b'], ids['a'], ids['seed']]);
    expect(lineage.steps.map((step) => step.score)).toEqual([1.5, 2, 1]);
    expect(lineage.steps.map((step) => step.change)).toEqual([-0.5, 1, null]);
    expect(lineage.steps[1]).toMatchObject({ origin: 'llm', mode: 'improve', summary: 'x 1 → 2' });
    expect(lineage.steps[1]?.model).toContain('compatible:mock');
    expect(lineage.steps[2]).toMatchObject({ origin: 'seed', evaluationNumber: 1 });
  });

  it('gives a unified diff that turns A into B', () => {
    const diff = diffCandidates(reader, ids['a'] as string, ids['b'] as string);
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
    expect(diff.patch).toContain('--- a/main.py');
    expect(diff.patch).toContain('+++ b/main.py');
    expect(diff.patch).toContain('-x = 2\n+x = 3\n');
    expect(applyPatch('x = 2\nprint(x)\n', diff.patch)).toBe('x = 3\nprint(x)\nprint("done")\n');
    expect(diffCandidates(reader, 'seed', 'seed', { run: 'run-1' }).patch).toBe('');
  });

  it('shows content, evaluation, and the prompt and response that made a candidate', () => {
    const detail = showCandidate(reader, ids['a'] as string);
    expect(detail.files).toEqual(file('x = 2\nprint(x)\n'));
    expect(detail.evaluation).toMatchObject({ status: 'scored', score: 2, feedback: 'x is 2' });
    expect(detail.llmCalls).toHaveLength(1);
    expect(detail.llmCalls[0]?.messages.at(-1)?.content).toBe('Make x larger.');
    expect(detail.llmCalls[0]?.text).toContain('>>>>>>> REPLACE');
    expect(detail.childIds).toEqual([ids['b']]);
    expect(showCandidate(reader, ids['broken'] as string).evaluation?.feedback).toContain('SyntaxError');
    expect(detail).toMatchObject({
      isChampion: true,
      decisions: [{ decision: 'promoted', reasons: ['better'] }],
    });
    const discarded = showCandidate(reader, ids['b'] as string);
    expect(discarded.isChampion).toBe(false);
    expect(discarded.decisions).toEqual([
      { decision: 'discarded', reasons: ['improved on optimize but not on validate'] },
    ]);
    expect(discarded.heldOut.map((run) => [run.purpose, run.result.score])).toEqual([['validate', 0.5]]);
  });
});

describe('the show, diff and lineage verbs', () => {
  const slow = 180_000; // each call starts the real CLI (tsx); shared CI machines can be slow
  const b = () => (ids['b'] as string).slice(0, 10);

  it(
    'show prints JSON and readable text',
    async () => {
      const shown = parseJson<CandidateDetail>(await runCli(['show', b(), '--store', dir, '--json']));
      expect(shown.candidateId).toBe(ids['b']);
      const text = await runCli(['show', b(), '--store', dir]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain('x is 3 but slower');
      expect(text.stdout).toContain('discarded: improved on optimize but not on validate');
      expect(text.stdout).toContain('== prompt (p1.c1');
      expect(text.stdout).toContain('print("done")');
    },
    slow,
  );

  it(
    'diff prints a patch and lineage one line per step',
    async () => {
      const patch = await runCli(['diff', ids['a'] as string, b(), '--store', dir]);
      expect(patch.code, patch.stderr).toBe(0);
      expect(applyPatch('x = 2\nprint(x)\n', patch.stdout)).toBe('x = 3\nprint(x)\nprint("done")\n');
      const lineage = await runCli(['lineage', b(), '--store', dir]);
      const lines = lineage.stdout.trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[2]).toContain('+1');
      expect(lines[3]).toContain('seed');
    },
    slow,
  );

  it(
    'exits 2 with a hint for a candidate that is not there',
    async () => {
      const result = await runCli(['show', 'ffffffffff', '--store', dir]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no candidate ffffffffff');
    },
    slow,
  );
});
