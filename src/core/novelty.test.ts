import { MockEmbeddingModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../spec/candidate.ts';
import type { NewEvent, RunEvent } from '../spec/events.ts';
import { toyProblem } from '../strategies/toy-world.ts';
import { makeCandidate } from './candidate-id.ts';
import { createNoveltyScreen, embedWith } from './novelty.ts';
import { RunState } from './run-state.ts';

const program = (content: string): Candidate => makeCandidate([{ path: 'main.py', content }]);

/** A run whose candidates are `contents` (the first is the seed), with the given trailing refusals. */
function runWith(
  contents: readonly string[],
  refusals = 0,
): { view: RunState; store: Map<string, Candidate> } {
  const view = new RunState();
  const store = new Map<string, Candidate>();
  const events: NewEvent[] = [
    {
      type: 'run-start',
      data: { problem: toyProblem({ strategy: 'refine' }), settings: { seed: 1, ratchetVersion: 't' } },
    },
  ];
  for (const content of contents) {
    const candidate = program(content);
    store.set(candidate.id, candidate);
    events.push({
      type: 'candidate-add',
      data: { candidateId: candidate.id, parentIds: [], origin: 'seed' },
    });
  }
  for (let index = 0; index < refusals; index++) {
    const proposalId = `p${index}`;
    events.push(
      {
        type: 'proposal-start',
        data: {
          proposalId,
          index,
          model: 'mutate',
          request: { mode: 'improve', parentIds: [], inspirationIds: [] },
        },
      },
      {
        type: 'proposal-end',
        data: {
          proposalId,
          outcome: 'rejected',
          parentIds: [],
          origin: 'llm',
          reason: 'near-duplicate: embedding similarity 0.999 ≥ 0.99 to x',
        },
      },
    );
  }
  for (const [index, event] of events.entries()) {
    view.apply({ ...event, seq: index + 1, runId: 'r', at: index } as RunEvent);
  }
  return { view, store };
}

/** A toy embedding: letter counts, so programs with the same letters embed alike. */
const letterEmbedding = async (texts: readonly string[]): Promise<number[][]> =>
  texts.map((text) =>
    Array.from({ length: 26 }, (_, index) => text.split(String.fromCharCode(97 + index)).length - 1),
  );

describe('createNoveltyScreen', () => {
  it('refuses a program equal to an existing one up to whitespace and comments', async () => {
    const { view, store } = runWith(['def f(x):\n    return x + 1  # add one\n']);
    const screen = createNoveltyScreen({ loadCandidate: (id) => store.get(id) });
    const same = await screen(program('# a comment\ndef f( x ):\n\n    return x+1\n'), view);
    expect(same).toMatchObject({ ok: false, similarity: 1, similarTo: [...store.keys()][0] });
    expect(await screen(program('def f(x):\n    return x + 2\n'), view)).toEqual({ ok: true });
    // an accepted program is indexed at once: its reformatted twin is refused
    expect((await screen(program('def f(x): return x + 2 # two\n'), view)).ok).toBe(false);
  });

  it('keeps hashes inside strings: different string literals are different programs', async () => {
    const { view, store } = runWith(['print("#1")\n']);
    const screen = createNoveltyScreen({ loadCandidate: (id) => store.get(id) });
    expect((await screen(program('print("#2")\n'), view)).ok).toBe(true);
  });

  it('refuses near-duplicates by embedding similarity, up to the resample limit', async () => {
    const seed = 'x = compute(alpha)\n';
    const screen = () =>
      createNoveltyScreen({
        loadCandidate: (id) => fresh.store.get(id),
        embed: letterEmbedding,
        threshold: 0.99,
        maxAttempts: 3,
      });
    const fresh = runWith([seed]);
    const near = program('x = compute(ahpla)\n');
    const refused = await screen()(near, fresh.view);
    expect(refused).toMatchObject({
      ok: false,
      similarTo: makeCandidate([{ path: 'main.py', content: seed }]).id,
    });
    expect(refused.ok === false && refused.similarity).toBeGreaterThanOrEqual(0.99);
    expect(refused.ok === false && refused.reason).toMatch(/^near-duplicate: embedding similarity/);
    expect((await screen()(program('y = totally_different(zzz, qqq, www)\n'), fresh.view)).ok).toBe(true);
    // after two refusals in a row the third near-duplicate is accepted (ShinkaEvolve's max_novelty_attempts = 3)
    const afterTwo = runWith([seed], 2);
    const limited = createNoveltyScreen({
      loadCandidate: (id) => afterTwo.store.get(id),
      embed: letterEmbedding,
      maxAttempts: 3,
    });
    expect((await limited(near, afterTwo.view)).ok).toBe(true);
  });

  it('embeds through the AI SDK with an injected embedding model', async () => {
    const model = new MockEmbeddingModelV3({
      doEmbed: async ({ values }) => ({ embeddings: await letterEmbedding(values), warnings: [] }),
    });
    const { view, store } = runWith(['a = 1\n']);
    const screen = createNoveltyScreen({ loadCandidate: (id) => store.get(id), embed: embedWith(model) });
    expect((await screen(program('a = 2\n'), view)).ok).toBe(false);
    expect(model.doEmbedCalls.length).toBe(2);
  });
});
