/**
 * bench:pipeline — how close the controller comes to the ideal throughput
 * min(llmConcurrency / llmLatency, evalConcurrency / evalTime), driving the real HTTP path through the
 * mock LLM server and real sandboxed evaluations of fixed duration. It prints two rates against the bound:
 * proposals/s (every proposal the LLM answered, the figure the target of ≥ 0.9 at 16 concurrent LLM calls
 * is about) and evaluations/s (proposals that were new candidates and got evaluated; `mutate`-style edits
 * of a three-line seed repeat earlier candidates now and then, and those are never evaluated twice).
 *
 *   npm run bench:pipeline            # all scenarios
 *   npm run bench:pipeline -- --quick # fewer evaluations
 *   npm run bench:pipeline -- --scenario LLM-bound --evaluations 960
 */

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { run } from '../src/api/run.ts';
import type { RunEvent } from '../src/spec/events.ts';

interface Scenario {
  readonly name: string;
  readonly llmConcurrency: number;
  readonly llmLatencyMs: number;
  readonly evalConcurrency: number;
  readonly evalMs: number;
}

// Rates stay within what a 2-core machine can sandbox (each bwrap evaluation costs ~40 ms of CPU).
const scenarios: Scenario[] = [
  { name: 'LLM-bound', llmConcurrency: 16, llmLatencyMs: 2000, evalConcurrency: 8, evalMs: 100 },
  { name: 'balanced', llmConcurrency: 16, llmLatencyMs: 2000, evalConcurrency: 2, evalMs: 250 },
  { name: 'evaluation-bound', llmConcurrency: 16, llmLatencyMs: 500, evalConcurrency: 2, evalMs: 500 },
];

const ratchetBin = fileURLToPath(new URL('../bin/ratchet.js', import.meta.url));
const quick = process.argv.includes('--quick');
/** The value after `--name` on the command line, if given. */
function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}
// the first and last LLM latency of a run are ramp-up and drain: long runs show the steady state
const evaluations = Number(flag('evaluations') ?? (quick ? 80 : 480));
if (!Number.isInteger(evaluations) || evaluations < 1)
  throw new Error('--evaluations expects a positive integer');
const only = flag('scenario');
if (only !== undefined && !scenarios.some((scenario) => scenario.name === only))
  throw new Error(`--scenario expects one of: ${scenarios.map((scenario) => scenario.name).join(', ')}`);

const seedProgram = `# EVOLVE-BLOCK-START
A = 1.0
B = 2.0
C = 3.0
D = [0.5, 0.25, 0.125, 0.0625]
# EVOLVE-BLOCK-END
print(A + B + C + sum(D))
`;

function problemFolder(evalMs: number): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-bench-pipeline-'));
  writeFileSync(path.join(folder, 'main.py'), seedProgram);
  // an evaluator of fixed duration: sleep, then report a score derived from the candidate's size
  writeFileSync(
    path.join(folder, 'ratchet.config.ts'),
    `export default {
  description: 'pipeline benchmark',
  seed: 'main.py',
  evaluator: { command: ['/bin/sh', '-c', 'sleep ${evalMs / 1000}; printf "{\\\\"metrics\\\\": {\\\\"combined_score\\\\": %s}}\\\\n" $(wc -c < "$RATCHET_CANDIDATE")'] },
  timeoutSeconds: 30,
  strategy: 'sample',
};\n`,
  );
  return folder;
}

/** The mock LLM in its own process, as a real provider would be: its CPU is not the controller's. */
async function startMock(latencyMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [ratchetBin, 'mock-llm', '--port', '0', '--seed', '7', '--latency-ms', String(latencyMs), '--json'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    close: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function measure(scenario: Scenario): Promise<void> {
  const mock = await startMock(scenario.llmLatencyMs);
  const folder = problemFolder(scenario.evalMs);
  const events: RunEvent[] = [];
  const times: number[] = [];
  try {
    const summary = await run(folder, {
      store: path.join(folder, '.ratchet'),
      overrides: {
        models: [`compatible:mock@${mock.url}`],
        budget: { evaluations: evaluations + 1 },
        concurrency: { llm: scenario.llmConcurrency, evaluations: scenario.evalConcurrency },
      },
      onEvent: (event) => {
        events.push(event);
        times.push(performance.now());
      },
    });
    // from the first proposal to the last evaluation: the steady pipeline, without start-up
    const first = events.findIndex((event) => event.type === 'proposal-start');
    let last = events.length - 1;
    while (last > 0 && events[last]!.type !== 'evaluation-end') last -= 1;
    const seconds = (times[last]! - times[first]!) / 1000;
    const ended = events.filter((event) => event.type === 'evaluation-end').length - 1;
    const starts = new Map<string, number>();
    const durations: number[] = [];
    events.forEach((event, index) => {
      if (event.type === 'evaluation-start') starts.set(event.data.evaluationId, times[index]!);
      if (event.type === 'evaluation-end')
        durations.push(times[index]! - starts.get(event.data.evaluationId)!);
    });
    const llm = events.flatMap((event) => (event.type === 'llm-call-end' ? [event.data.durationMs] : []));
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    const nominal = Math.min(
      scenario.llmConcurrency / (scenario.llmLatencyMs / 1000),
      scenario.evalConcurrency / (scenario.evalMs / 1000),
    );
    const measuredBound = Math.min(
      scenario.llmConcurrency / (mean(llm) / 1000),
      scenario.evalConcurrency / (mean(durations) / 1000),
    );
    const achieved = ended / seconds;
    // every proposal that ended inside the window, evaluated or not (a duplicate of an earlier
    // candidate is answered by the LLM but never evaluated): the rate the bound is about
    const proposals = events.slice(first, last + 1).filter((event) => event.type === 'proposal-end').length;
    const proposalRate = proposals / seconds;
    console.log(
      [
        scenario.name.padEnd(17),
        `llm ${scenario.llmConcurrency}×${scenario.llmLatencyMs}ms (measured ${mean(llm).toFixed(0)}ms)`,
        `eval ${scenario.evalConcurrency}×${scenario.evalMs}ms (measured ${mean(durations).toFixed(0)}ms)`,
        `bound ${nominal.toFixed(2)}/s`,
        `proposals ${proposalRate.toFixed(2)}/s = ${(proposalRate / nominal).toFixed(3)} of the bound`,
        `evaluations ${achieved.toFixed(2)}/s = ${(achieved / nominal).toFixed(3)} of the bound`,
        `(${(achieved / measuredBound).toFixed(3)} with measured times)`,
        `${ended} evaluations, ${proposals} proposals (${summary.duplicateProposals} duplicates, ${summary.failedProposals} failed)`,
      ].join(' · '),
    );
  } finally {
    await mock.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

console.log(`bench:pipeline — ${evaluations} evaluations per scenario, sandbox bwrap, mock-llm over HTTP`);
for (const scenario of scenarios) if (only === undefined || scenario.name === only) await measure(scenario);
