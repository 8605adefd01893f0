/**
 * `npm run bench:verify`: how long exact verification takes.
 *
 * 1. The loop-time evaluation of an n = 26 packing: `verifyCirclePacking` in `auto` mode (float64 where a
 *    proven error bound decides, exact otherwise) on a feasible packing (AlphaEvolve's, slack 7e-9) and on
 *    an infeasible one (SimpleTES's, 47 overlaps of ~1e-12, whose amounts are computed exactly), and the
 *    same in `exact` mode. The verification function only, not process start-up. Target: median < 5 ms.
 * 2. The exact verification of the largest shipped construction, SimpleTES's n = 4096 Erdős step function
 *    (all 8191 shifts in BigInt arithmetic). Target: median < 10 s.
 *
 * Prints the medians and the targets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { verifyCirclePacking } from '../src/verify/circle-packing.ts';
import { verifyErdosMinimumOverlap } from '../src/verify/erdos-minimum-overlap.ts';

const fixtures = fileURLToPath(new URL('../test/fixtures/constructions/', import.meta.url));

function load(name: string): { data: Record<string, unknown> } {
  return JSON.parse(readFileSync(`${fixtures}${name}`, 'utf8')) as { data: Record<string, unknown> };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median wall time of `run` in ms, after `warmup` untimed calls. */
function time(run: () => unknown, repeats: number, warmup: number): number {
  for (let index = 0; index < warmup; index++) run();
  const samples: number[] = [];
  for (let index = 0; index < repeats; index++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const lines: string[] = [];
let failures = 0;
const report = (label: string, milliseconds: number, targetMs: number): void => {
  const ok = milliseconds < targetMs;
  if (!ok) failures += 1;
  lines.push(
    `${label.padEnd(66)} ${milliseconds.toFixed(3).padStart(10)} ms   target < ${targetMs} ms ${ok ? 'ok' : 'MISSED'}`,
  );
};

for (const [name, label] of [
  ['circle-packing-26-alphaevolve.json', 'n=26 packing, feasible (AlphaEvolve)'],
  ['circle-packing-26-simpletes.json', 'n=26 packing, 47 overlaps (SimpleTES)'],
] as const) {
  const packing = load(name).data as unknown as Parameters<typeof verifyCirclePacking>[0];
  for (const mode of ['auto', 'exact'] as const) {
    report(
      `${label}, ${mode} mode (median of 500)`,
      time(() => verifyCirclePacking(packing, { mode }), 500, 50),
      5,
    );
  }
}

const erdos = load('erdos-minimum-overlap-simpletes.json').data['heights'] as number[];
const value = verifyErdosMinimumOverlap(erdos).value;
report(
  `Erdős n=4096 (SimpleTES), exact, all 8191 shifts (median of 7; value ${value})`,
  time(() => verifyErdosMinimumOverlap(erdos), 7, 1),
  10_000,
);

process.stdout.write(`bench:verify (node ${process.version})\n${lines.join('\n')}\n`);
if (failures > 0) process.exitCode = 1;
