import type { ResolvedProblem } from '../../spec/problem.ts';

/** Says plainly which proposers a run uses, and that `mutate` is not an LLM. */
export function announceProposers(problem: ResolvedProblem): void {
  const models = problem.models.map((model) => model.model);
  if (models.includes('mutate')) {
    process.stderr.write(
      'ratchet: proposer: mutate — the built-in non-LLM proposer (seeded random edits of numeric literals and small ' +
        'structural edits inside the evolve block). For an LLM pass --model openai:<model>, anthropic:<model>, ' +
        'ollama:<model> or compatible:<model>@<url>.\n',
    );
  }
  const others = models.filter((model) => model !== 'mutate');
  if (others.length > 0) process.stderr.write(`ratchet: proposer models: ${others.join(', ')}\n`);
}
