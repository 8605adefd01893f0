/**
 * Runs for the browser tests, written into a real event store: ordinary searches, a run whose every
 * string is hostile markup, and strategy runs (islands, tree) made by the strategy simulator so that
 * their panels have real data.
 */
import { makeCandidate } from '../../src/core/candidate-id.ts';
import { SyntheticRun, syntheticProblem } from '../../src/server/testing/synthetic-run.ts';
import type { NewEvent } from '../../src/spec/events.ts';
import type { EventStore } from '../../src/spec/store.ts';
import { findStrategy } from '../../src/strategies/index.ts';
import { StrategySimulator } from '../../src/strategies/strategy-simulator.ts';
import { toyWorld } from '../../src/strategies/toy-world.ts';

const program = (step: number, radius: number) => `import numpy as np

# EVOLVE-BLOCK-START
def construct(n=26):
    """Place n circles in the unit square."""
    centers = np.zeros((n, 2))
    for i in range(n):
        centers[i] = [(i % 6 + 0.5) / 6, (i // 6 + 0.5) / 6]
    radii = np.full(n, ${radius.toFixed(4)})  # step ${step}
    return centers, radii
# EVOLVE-BLOCK-END
`;

export interface SearchRun {
  readonly runId: string;
  readonly ids: readonly string[];
  readonly best: string;
}

/** A refine-like search: a chain of improvements with some worse and some failed children. */
export function writeSearchRun(
  store: EventStore,
  runId: string,
  evaluations: number,
  slope: number,
): SearchRun {
  const run = SyntheticRun.start(store, {
    runId,
    problem: syntheticProblem({
      name: 'circle-packing',
      seed: [{ path: 'initial_program.py', content: program(0, 0.05) }],
      mainFile: 'initial_program.py',
      objective: { metric: 'sum_radii', direction: 'maximize' },
    }),
    seedScore: 1.3,
    stepMs: 700,
  });
  const ids: string[] = [run.seedId];
  let parent = run.seedId;
  let best = 1.3;
  let bestId = run.seedId;
  for (let step = 1; step < evaluations; step++) {
    const failed = step % 7 === 3;
    const score = 1.3 + slope * Math.log1p(step) + 0.04 * Math.sin(step * 1.7);
    const id = run.propose({
      parentId: parent,
      files: [{ path: 'initial_program.py', content: program(step, 0.05 + step * 0.0004) }],
      status: failed ? 'failed' : 'scored',
      ...(failed ? {} : { score }),
      metrics: failed ? {} : { validity: 1, max_overlap: 0 },
      feedback: failed
        ? 'Traceback (most recent call last):\n  ValueError: overlapping circles 3 and 9'
        : `sum of radii ${score.toFixed(4)}`,
      prompt: `Improve the packing. Current sum of radii: ${best.toFixed(4)}.`,
      response: `<<<<<<< SEARCH\n    radii = np.full(n, ...)\n=======\n    radii = np.full(n, ${(0.05 + step * 0.0004).toFixed(4)})\n>>>>>>> REPLACE`,
      summary: `1 block, +1 −1 lines`,
    });
    ids.push(id);
    if (!failed && score > best) {
      best = score;
      bestId = id;
      parent = id;
    }
    if (step % 5 === 0) run.failProposal(parent, 'SEARCH block 1 matched nothing');
  }
  run.end();
  return { runId, ids, best: bestId };
}

/** Markup that would run script if any of these strings reached the page as HTML. */
export const payloads = {
  script: '<script>alert("script")</script>',
  img: '"><img src=x onerror=alert("img")>',
  svg: '<svg onload=alert("svg")></svg>',
} as const;
export const hostile = `${payloads.script}${payloads.img}${payloads.svg}`;

export interface HostileRun {
  readonly runId: string;
  readonly candidateId: string;
  readonly fileName: string;
  readonly metricName: string;
}

/** A run where every string a candidate, an evaluator or a model can produce is hostile markup. */
export function writeHostileRun(store: EventStore): HostileRun {
  const runId = `hostile-"><img src=x onerror=alert("runId")>`;
  const metricName = `score${payloads.img}`;
  const fileName = `helper${payloads.img}.py`;
  const run = SyntheticRun.start(store, {
    runId,
    problem: syntheticProblem({
      name: `problem ${hostile}`,
      description: `describe ${hostile}`,
      objective: { metric: metricName, direction: 'maximize' },
      strategy: { name: 'refine', options: { [`option${payloads.img}`]: 1 } },
      models: [{ model: `compatible:${payloads.img}@http://127.0.0.1:1/v1`, weight: 1 }],
    }),
    seedScore: 1,
  });
  const candidateId = run.propose({
    parentId: run.seedId,
    files: [
      { path: 'main.py', content: `x = 2  # ${hostile}\nprint("${payloads.script}")\n` },
      { path: fileName, content: `# ${hostile}\n` },
    ],
    score: 2,
    metrics: { [`extra${payloads.svg}`]: 7 },
    feedback: `feedback ${hostile}`,
    artifacts: { [`artifact${payloads.img}`]: `artifact text ${hostile}` },
    prompt: `prompt ${hostile}`,
    response: `response ${hostile}`,
    summary: `summary ${hostile}`,
  });
  run.failProposal(candidateId, `reason ${hostile}`);
  return { runId, candidateId, fileName, metricName };
}

/** A run of a real strategy in the simulator's toy world, written to the store with contents. */
export function writeSimulatedRun(
  store: EventStore,
  runId: string,
  strategyName: string,
  proposals: number,
): void {
  const strategy = findStrategy(strategyName);
  if (strategy === undefined) throw new Error(`no strategy ${strategyName}`);
  const world = toyWorld({ strategy: strategyName, evaluations: proposals });
  const main = world.problem.mainFile;
  for (const file of world.problem.seed) store.putCandidate(makeCandidate([file]));
  const recording = {
    ...world,
    propose: (...args: Parameters<typeof world.propose>) => {
      const result = world.propose(...args);
      if (result.ok) store.putCandidate(makeCandidate([{ path: main, content: result.content }]));
      return result;
    },
  };
  const simulator = new StrategySimulator(strategy, recording, { seed: 3, concurrency: 2 }).run(proposals);
  const start = 1_700_000_000_000;
  store.createRun({
    runId,
    problemName: world.problem.name,
    problemDir: world.problem.dir,
    createdAt: start,
  });
  for (const event of simulator.events) {
    store.append(runId, [{ type: event.type, data: event.data } as NewEvent], start + event.seq * 250);
  }
}
