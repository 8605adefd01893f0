/**
 * Test support: a small resolved problem and proposal contexts around it, for the proposer, prompt
 * and mock-server tests (and for benchmarks that drive a proposer directly).
 */
import { makeCandidate } from '../core/candidate-id.ts';
import { createRandom } from '../core/random.ts';
import { testProblem } from '../core/testing/test-problem.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { LlmClient } from '../spec/llm.ts';
import type { ModelSpec, ResolvedProblem } from '../spec/problem.ts';
import type { ProposalRequest } from '../spec/proposal.ts';
import type { CandidateView, ProposalContext } from '../spec/proposer.ts';
import type { Attempt } from '../spec/run-view.ts';

/** A Python program with an evolve block, numeric literals, a list and independent assignments. */
export const samplePython = `"""Pack circles: a toy seed."""
import math

N = 26  # number of circles, not to be changed


# EVOLVE-BLOCK-START
def construct(n=N):
    """Place circles on a jittered grid."""
    spacing = 0.18
    margin = 0.05
    weights = [0.5, 1.25, 2.0]
    label = "v1.5 grid 3x3"
    centers = []
    for index in range(n):
        row, col = divmod(index, 6)
        x = margin + spacing * col + 0.01 * math.sin(index)
        y = margin + spacing * row
        centers.append((x, y))
    radius = 0.5 * spacing * weights[0]
    return centers, [radius] * n
# EVOLVE-BLOCK-END


def run():
    return construct()
`;

/** The same kind of program in JavaScript, with `//` markers, a template literal and a regex. */
export const sampleJavaScript = `// A toy seed in JavaScript.
const VERSION = 'seed-1.0';

// EVOLVE-BLOCK-START
export function schedule(tasks) {
  const rate = 0.75;
  const bonus = 2.5e-3;
  let limit = 10;
  const factors = [1.5, 0.25, 3];
  const pattern = /item-(\\d{2,3})/;
  const name = \`plan \${tasks.length + 1} v2.0\`;
  // a comment with 3.14 in it
  let total = 0;
  for (let index = 0; index < tasks.length && index < limit; index++) {
    total += tasks[index] * rate * factors[index % 3] + bonus;
  }
  return { total, name, ok: pattern.test(name) };
}
// EVOLVE-BLOCK-END

export const version = VERSION;
`;

/** A resolved problem around `content` (Python by default). */
export function sampleProblem(overrides: Partial<ResolvedProblem> = {}): ResolvedProblem {
  return testProblem({
    description:
      'Place 26 circles in the unit square so that the sum of their radii is as large as possible.',
    seed: [{ path: 'initial_program.py', content: samplePython }],
    mainFile: 'initial_program.py',
    objective: { metric: 'sum_radii', direction: 'maximize' },
    timeoutSeconds: 10,
    budget: { evaluations: 10 },
    concurrency: { llm: 2, evaluations: 2 },
    prompt: { inspirations: 2, recentAttempts: 4, maxFeedbackChars: 400 },
    ...overrides,
  });
}

/** A candidate view with one file and, optionally, an evaluation. */
export function sampleView(
  content: string,
  options: { path?: string; evaluation?: Partial<EvaluationResult> } = {},
): CandidateView {
  const candidate = makeCandidate([{ path: options.path ?? 'initial_program.py', content }]);
  const evaluation: EvaluationResult | undefined =
    options.evaluation === undefined
      ? undefined
      : {
          status: 'scored',
          metrics: {},
          score: null,
          feedback: '',
          artifacts: {},
          usage: { durationMs: 10 },
          ...options.evaluation,
        };
  return {
    candidate,
    record: {
      id: candidate.id,
      parentIds: [],
      origin: 'seed',
      addedSeq: 1,
      childCount: 0,
      ...(evaluation === undefined ? {} : { evaluation }),
    },
  };
}

/** A proposal context with sensible defaults. */
export function sampleContext(
  options: {
    problem?: ResolvedProblem;
    request?: Partial<ProposalRequest>;
    model?: ModelSpec;
    parents?: readonly CandidateView[];
    inspirations?: readonly CandidateView[];
    recentAttempts?: readonly Attempt[];
    llm?: LlmClient | null;
    seed?: number;
    signal?: AbortSignal;
  } = {},
): ProposalContext {
  const problem = options.problem ?? sampleProblem();
  const parents = options.parents ?? [
    sampleView(problem.seed[0]?.content ?? '', {
      path: problem.mainFile,
      evaluation: { score: 1.5, metrics: { sum_radii: 1.5 } },
    }),
  ];
  return {
    proposalId: 'p0',
    request: {
      mode: 'improve',
      parentIds: parents.map((view) => view.candidate.id),
      inspirationIds: [],
      ...options.request,
    },
    problem,
    model: options.model ?? { model: 'mutate', weight: 1 },
    parents,
    inspirations: options.inspirations ?? [],
    recentAttempts: options.recentAttempts ?? [],
    random: createRandom(options.seed ?? 1, 'proposal', 0),
    signal: options.signal ?? new AbortController().signal,
    llm: options.llm ?? null,
  };
}
