/**
 * Evaluator of the performance recipe (MaxCode): a two-stage cascade, run by Ratchet's module harness
 * inside the sandbox, with the system's gcc.
 *
 * Stage 1 (correctness): compiles the candidate (`-O2`), refuses an object file that defines any global
 * symbol but `matmul` or has constructors, links it with `harness.c` and `reference.c`, and compares its
 * products for six check sizes with the reference's (a separate build without the candidate). Metric
 * `correct` = the fraction of sizes right; the cascade threshold (ratchet.config.ts) requires 1.
 *
 * Stage 2 (speed): three timing processes, each running 17 rounds of one reference call then one
 * candidate call at n = 128 (CPU time of the thread). The measurement is the MINIMUM over all rounds of
 * each, and `speedup` = reference minimum / candidate minimum: interleaving cancels slow phases of the
 * machine, the minimum drops rounds that were preempted or disturbed, and several processes drop an
 * unlucky memory placement (cache conflicts differ from one process to the next). Then a `--coverage -O0` build runs one call and
 * `gcov` gives the execution count of every line: the five hottest lines are the profile in the feedback.
 */
import path from 'node:path';
import type { EvaluatorContext, EvaluatorOutput } from 'ratchet';
import { compilerMessages, objectProblem, optimizeFlags, runProcess } from './build.ts';
import { formatProfile, hotLines } from './profile.ts';

const functionName = 'matmul';
const timedSize = 128;
/** Timing processes (each gets its own memory placement) and interleaved rounds in each. */
const processes = 3;
const rounds = 17;
const checkSizes = [1, 3, 7, 16, 33, 64];

function files(context: EvaluatorContext) {
  const work = context.candidateDir;
  return {
    work,
    harness: path.join(context.problemDir, 'harness.c'),
    reference: path.join(context.problemDir, 'reference.c'),
    object: path.join(work, 'candidate.o'),
    bench: path.join(work, 'bench'),
    expected: path.join(work, 'expected'),
    dirs: [work, context.problemDir],
  };
}

function invalid(feedback: string): EvaluatorOutput {
  return { metrics: { correct: 0 }, valid: false, feedback };
}

function describeExit(outcome: { code: number | null; signal: string | null; timedOut: boolean }): string {
  if (outcome.timedOut) return 'it did not finish in time';
  return outcome.signal === null
    ? `it exited with status ${outcome.code}`
    : `it was killed by ${outcome.signal}`;
}

/** Rows of `harness check` output: size → values. */
function checkRows(stdout: string): Map<number, number[]> {
  const rows = new Map<number, number[]>();
  for (const line of stdout.trim().split('\n')) {
    const [size, ...values] = line.trim().split(' ').map(Number);
    if (size !== undefined && checkSizes.includes(size)) rows.set(size, values);
  }
  return rows;
}

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

/** Stage 1: compile, check the symbols, compare with the reference on the check sizes. */
export async function evaluateStage1(context: EvaluatorContext): Promise<EvaluatorOutput> {
  const paths = files(context);
  const cwd = paths.work;
  const compile = await runProcess(
    '/usr/bin/gcc',
    [...optimizeFlags, '-Wall', '-c', context.candidatePath, '-o', paths.object],
    { cwd, timeoutMs: 60_000 },
  );
  if (compile.code !== 0) {
    return invalid(`The program does not compile:\n${compilerMessages(compile.stderr, paths.dirs)}`);
  }
  const refused = await objectProblem(paths.object, cwd, functionName);
  if (refused !== null) return invalid(`The program was refused: ${refused}.`);
  const builds = await Promise.all([
    runProcess(
      '/usr/bin/gcc',
      [...optimizeFlags, '-o', paths.bench, paths.harness, paths.reference, paths.object],
      {
        cwd,
        timeoutMs: 60_000,
      },
    ),
    runProcess(
      '/usr/bin/gcc',
      [...optimizeFlags, '-DCHECK_REFERENCE', '-o', paths.expected, paths.harness, paths.reference],
      { cwd, timeoutMs: 60_000 },
    ),
  ]);
  const failedBuild = builds.find((build) => build.code !== 0);
  if (failedBuild !== undefined) {
    return invalid(`The program does not link:\n${compilerMessages(failedBuild.stderr, paths.dirs)}`);
  }
  const [actual, expected] = await Promise.all([
    runProcess(paths.bench, ['check'], { cwd, timeoutMs: 10_000 }),
    runProcess(paths.expected, ['check'], { cwd, timeoutMs: 30_000 }),
  ]);
  if (expected.code !== 0) throw new Error(`the reference check failed: ${describeExit(expected)}`);
  if (actual.code !== 0) {
    return {
      metrics: { correct: 0 },
      feedback: `The correctness check failed: ${describeExit(actual)}.${actual.stderr === '' ? '' : `\n${actual.stderr.trim()}`}`,
    };
  }
  const got = checkRows(actual.stdout);
  const want = checkRows(expected.stdout);
  const problems: string[] = [];
  for (const size of checkSizes) {
    const values = got.get(size) ?? [];
    const reference = want.get(size) ?? [];
    if (values.length !== reference.length) {
      problems.push(`n = ${size}: the check printed ${values.length} values, expected ${reference.length}`);
      continue;
    }
    const wrong = reference.flatMap((value, index) => (close(values[index] as number, value) ? [] : [index]));
    const first = wrong[0];
    if (first === undefined) continue;
    const row = Math.floor(first / size);
    const column = first % size;
    problems.push(
      `n = ${size}: c[${row}][${column}] = ${values[first]}, the reference gives ${reference[first]} (${wrong.length} of ${reference.length} entries differ)`,
    );
  }
  const correct = (checkSizes.length - problems.length) / checkSizes.length;
  const feedback =
    problems.length === 0
      ? `Correct on all ${checkSizes.length} check sizes (n = ${checkSizes.join(', ')}).`
      : `Wrong results on ${problems.length} of ${checkSizes.length} check sizes:\n${problems.join('\n')}`;
  return { metrics: { correct }, feedback };
}

/** One timing process: the minimum CPU times of the reference and the candidate, in ms. */
async function timeOnce(
  bench: string,
  cwd: string,
): Promise<{ reference: number; candidate: number } | string> {
  const timing = await runProcess(bench, ['time', String(rounds), String(timedSize)], {
    cwd,
    timeoutMs: 60_000,
  });
  if (timing.code !== 0) return `The timing run failed: ${describeExit(timing)}.`;
  const lines = timing.stdout.trim().split('\n');
  const times = JSON.parse(lines[lines.length - 1] ?? '{}') as Record<string, number>;
  return {
    reference: (times['reference_min_ns'] ?? Number.NaN) / 1e6,
    candidate: (times['candidate_min_ns'] ?? Number.NaN) / 1e6,
  };
}

const range = (values: readonly number[]): string =>
  `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}`;

/** Stage 2: the interleaved timing (several processes) and the gcov profile. */
export async function evaluateStage2(context: EvaluatorContext): Promise<EvaluatorOutput> {
  const paths = files(context);
  const runs: { reference: number; candidate: number }[] = [];
  for (let run = 0; run < processes; run++) {
    const times = await timeOnce(paths.bench, paths.work);
    if (typeof times === 'string') return { metrics: {}, valid: false, feedback: times };
    runs.push(times);
  }
  const referenceMs = Math.min(...runs.map((run) => run.reference));
  const candidateMs = Math.min(...runs.map((run) => run.candidate));
  const speedup = referenceMs / candidateMs;
  const feedback = [
    `Speed-up ${speedup.toFixed(2)}x over the reference at n = ${timedSize}: ${candidateMs.toFixed(3)} ms per call against ${referenceMs.toFixed(3)} ms (minimum over ${processes} processes of ${rounds} interleaved rounds, CPU time; the processes' minima ranged ${range(runs.map((run) => run.candidate))} ms and ${range(runs.map((run) => run.reference))} ms).`,
    await profile(context, paths.dirs),
  ];
  return {
    metrics: { speedup, candidate_ms: candidateMs, reference_ms: referenceMs },
    feedback: feedback.join('\n'),
  };
}

async function profile(context: EvaluatorContext, dirs: readonly string[]): Promise<string> {
  const cwd = context.candidateDir;
  const object = path.join(cwd, 'profile.o');
  const program = path.join(cwd, 'profile');
  const compile = await runProcess(
    '/usr/bin/gcc',
    ['-O0', '--coverage', '-c', context.candidatePath, '-o', object],
    {
      cwd,
      timeoutMs: 60_000,
    },
  );
  const link = await runProcess(
    '/usr/bin/gcc',
    [
      '-O0',
      '--coverage',
      '-o',
      program,
      path.join(context.problemDir, 'harness.c'),
      path.join(context.problemDir, 'reference.c'),
      object,
    ],
    { cwd, timeoutMs: 60_000 },
  );
  if (compile.code !== 0 || link.code !== 0) {
    return `(no profile: the coverage build failed: ${compilerMessages(compile.stderr + link.stderr, dirs)})`;
  }
  const run = await runProcess(program, ['profile', String(timedSize)], { cwd, timeoutMs: 120_000 });
  if (run.code !== 0) return `(no profile: the coverage run failed: ${describeExit(run)})`;
  const report = await runProcess('/usr/bin/gcov', ['-t', '-o', cwd, object], { cwd, timeoutMs: 30_000 });
  const hot = hotLines(report.stdout, 5);
  if (hot.length === 0) return '(no profile: gcov reported no executed line)';
  return `Profile (gcov execution counts of one call at n = ${timedSize}, hottest lines first):\n${formatProfile(hot)}`;
}
