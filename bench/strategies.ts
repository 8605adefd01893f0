/**
 * bench:strategies — the engine's own cost per selection step for every strategy, with 10,000 and 100,000
 * candidates in the run. Synthetic events go straight into `apply`/`next` through the strategy simulator
 * (no processes, no LLM): a step is one proposal — `next` plus `apply` of every event it causes. Each
 * strategy runs in its own child process so that its peak memory is its own.
 *
 *   npm run bench:strategies                 # 10,000 and 100,000 candidates
 *   npm run bench:strategies -- --quick      # 2,000 and 20,000
 *   npm run bench:strategies -- --only tree  # one strategy
 *
 * Target: under 1 ms per step, growing no faster than logarithmically with the population.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findStrategy, strategyNames } from '../src/strategies/index.ts';
import { StrategySimulator } from '../src/strategies/strategy-simulator.ts';
import { toyWorld } from '../src/strategies/toy-world.ts';

interface Checkpoint {
  readonly population: number;
  readonly microsPerStep: number;
  readonly nextMicros: number;
  readonly applyMicros: number;
  readonly heapMb: number;
}

interface Result {
  readonly strategy: string;
  readonly checkpoints: readonly Checkpoint[];
  readonly peakRssMb: number;
}

const quick = process.argv.includes('--quick');
const sizes = quick ? [2_000, 20_000] : [10_000, 100_000];
const window = 2_000;

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Grows one strategy's run to each size and measures `window` proposals there. */
function measure(name: string): Result {
  const strategy = findStrategy(name);
  if (strategy === undefined) throw new Error(`no strategy ${name}`);
  const simulator = new StrategySimulator(strategy, toyWorld({ strategy: name }), {
    seed: 1,
    concurrency: 4,
    keepEvents: false,
  });
  const checkpoints: Checkpoint[] = [];
  for (const size of sizes) {
    while (simulator.population < size && simulator.step()) {}
    // ten chunks; the median filters out GC pauses. The strategy's share of each chunk's wall time, times
    // the chunk's CPU time, estimates its CPU time even when the machine is busy and the process waits.
    const chunks: { next: number; apply: number }[] = [];
    for (let chunk = 0; chunk < 10 && simulator.stopped === null; chunk++) {
      const before = {
        next: simulator.nextMs,
        apply: simulator.applyMs,
        proposals: simulator.proposals,
      };
      const cpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      for (let step = 0; step < window && simulator.proposals - before.proposals < window / 10; step++) {
        if (!simulator.step()) break;
      }
      const cpu = process.cpuUsage(cpuBefore);
      const cpuShare = (cpu.user + cpu.system) / 1000 / Math.max(performance.now() - wallBefore, 1e-9);
      const proposals = Math.max(1, simulator.proposals - before.proposals);
      chunks.push({
        next: (Math.min(1, cpuShare) * (simulator.nextMs - before.next) * 1000) / proposals,
        apply: (Math.min(1, cpuShare) * (simulator.applyMs - before.apply) * 1000) / proposals,
      });
    }
    chunks.sort((a, b) => a.next + a.apply - (b.next + b.apply));
    const middle = chunks[chunks.length >> 1] ?? { next: 0, apply: 0 };
    checkpoints.push({
      population: simulator.population,
      microsPerStep: middle.next + middle.apply,
      nextMicros: middle.next,
      applyMicros: middle.apply,
      heapMb: heapMb(),
    });
    if (simulator.stopped !== null) break;
  }
  return { strategy: name, checkpoints, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

const onlyIndex = process.argv.indexOf('--one');
if (onlyIndex >= 0) {
  process.stdout.write(`${JSON.stringify(measure(process.argv[onlyIndex + 1] ?? ''))}\n`);
} else {
  const selected = process.argv.indexOf('--only');
  const names = selected >= 0 ? [process.argv[selected + 1] ?? ''] : strategyNames();
  const self = fileURLToPath(import.meta.url);
  const fixed = (value: number, digits = 1): string => value.toFixed(digits).padStart(8);
  console.log(
    `strategy cost per selection step (next + apply of the events it causes): median of 10 chunks of ${window / 10} steps at each size`,
  );
  console.log(
    `${'strategy'.padEnd(10)} ${sizes.map((size) => `µs/step@${size}`.padStart(22)).join(' ')}  growth  ${sizes.map((size) => `heapMB@${size}`.padStart(15)).join(' ')}  peakRSS MB`,
  );
  for (const name of names) {
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', self, ...(quick ? ['--quick'] : []), '--one', name],
      { cwd: path.dirname(path.dirname(self)), encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Result;
    const [small, large] = result.checkpoints;
    const growth =
      small !== undefined && large !== undefined ? large.microsPerStep / small.microsPerStep : Number.NaN;
    console.log(
      `${name.padEnd(10)} ${result.checkpoints.map((point) => `${fixed(point.microsPerStep)} (n=${point.population})`.padStart(22)).join(' ')}  ${fixed(growth, 2)}  ${result.checkpoints.map((point) => fixed(point.heapMb).padStart(15)).join(' ')}  ${fixed(result.peakRssMb, 0)}`,
    );
  }
  console.log(
    'growth = µs/step at the larger size ÷ at the smaller (10× more candidates); log growth would be ≈ 1.25',
  );
}
