/**
 * Evaluator (a TypeScript module, run by Ratchet's module harness inside the sandbox): it generates fixed
 * bin-packing instances, runs the candidate program as a subprocess with the instances on stdin and a
 * timeout, and checks the packing it prints. The score is computed here from the packing:
 * `packing_efficiency` = mean over the instances of (lower bound ⌈Σ size / capacity⌉) / (bins used),
 * 1.0 being optimal. A packing that loses, repeats or invents an item, or overfills a bin, is invalid.
 */
import { spawn } from 'node:child_process';
import type { EvaluatorContext, EvaluatorOutput } from 'ratchet';

const capacity = 150;
const instanceCount = 5;
const itemsPerInstance = 300;
const timeoutMs = 20_000;

/** A small seeded generator (mulberry32) so every evaluation sees the same instances. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeInstances(): number[][] {
  const next = generator(20_240_601);
  return Array.from({ length: instanceCount }, () =>
    Array.from({ length: itemsPerInstance }, () => 20 + Math.floor(next() * 81)),
  );
}

interface RunOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly timedOut: boolean;
}

/** Runs the TypeScript candidate with Node and the TypeScript loader Ratchet provides (`RATCHET_TS_LOADER`). */
function runCandidate(file: string, cwd: string, stdin: string): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const loader = process.env['RATCHET_TS_LOADER'];
    const args = loader === undefined ? [file] : ['--import', loader, file];
    const child = spawn(process.execPath, args, { cwd, detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < 16 << 20) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, timedOut });
    });
    child.stdin.on('error', () => {}); // the candidate may exit without reading
    child.stdin.end(stdin);
  });
}

function lastJsonLine(stdout: string): unknown {
  for (const line of stdout.trim().split('\n').reverse()) {
    try {
      return JSON.parse(line);
    } catch {
      // not JSON; keep looking
    }
  }
  return undefined;
}

/** Why a packing of one instance is wrong, or null when it is a valid packing. */
function packingError(bins: unknown, sizes: readonly number[]): string | null {
  if (!Array.isArray(bins)) return 'is not a list of bins';
  const seen = new Array<boolean>(sizes.length).fill(false);
  for (const [index, bin] of bins.entries()) {
    if (!Array.isArray(bin) || bin.length === 0)
      return `bin ${index} is not a non-empty list of item indices`;
    let load = 0;
    for (const item of bin) {
      if (!Number.isInteger(item) || item < 0 || item >= sizes.length)
        return `bin ${index} holds an unknown item ${item}`;
      if (seen[item]) return `item ${item} is packed twice`;
      seen[item] = true;
      load += sizes[item] as number;
    }
    if (load > capacity) return `bin ${index} holds ${load} > capacity ${capacity}`;
  }
  const missing = seen.indexOf(false);
  return missing >= 0 ? `item ${missing} is not packed` : null;
}

export async function evaluate(context: EvaluatorContext): Promise<EvaluatorOutput> {
  const instances = makeInstances();
  const outcome = await runCandidate(
    context.candidatePath,
    context.candidateDir,
    JSON.stringify({ capacity, instances }),
  );
  const fail = (feedback: string): EvaluatorOutput => ({ metrics: {}, feedback, valid: false });
  if (outcome.timedOut) return fail(`the program did not finish within ${timeoutMs / 1000} s`);
  if (outcome.code !== 0) return fail(`the program failed (exit status ${outcome.code}):\n${outcome.stderr}`);
  const printed = lastJsonLine(outcome.stdout) as { bins?: unknown } | undefined;
  const packings = printed?.bins;
  if (!Array.isArray(packings) || packings.length !== instances.length) {
    return fail(`print one JSON line {"bins": [...]} with one packing per instance (${instances.length})`);
  }
  let efficiency = 0;
  let binsUsed = 0;
  for (const [index, sizes] of instances.entries()) {
    const bins = packings[index] as unknown[];
    const error = packingError(bins, sizes);
    if (error !== null) return fail(`instance ${index}: ${error}`);
    const lowerBound = Math.ceil(sizes.reduce((sum, size) => sum + size, 0) / capacity);
    efficiency += lowerBound / bins.length / instances.length;
    binsUsed += bins.length;
  }
  return {
    metrics: { packing_efficiency: efficiency, bins_used: binsUsed },
    feedback: `${binsUsed} bins over ${instances.length} instances; efficiency ${efficiency.toFixed(5)} (1.0 = the lower bound)`,
    valid: true,
  };
}
