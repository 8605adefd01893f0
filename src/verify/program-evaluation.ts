/**
 * The evaluator of the construction problems: run the candidate program as a subprocess with a timeout,
 * take the JSON construction it prints (the last line of stdout that is JSON; anything else it prints is
 * ignored), and score it with the exact verifier. A number the program reports is never read: the value
 * is computed from the construction.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseJsonAllowingNonFinite, readConstruction } from './construction.ts';
import { describeVerification } from './describe-verification.ts';
import { getProblemVerifier } from './problem-verifiers.ts';
import type { Verification } from './verification.ts';

/** The native evaluator result shape (`{ metrics, feedback, valid }`). */
export interface ConstructionEvaluation {
  readonly metrics: Record<string, number>;
  readonly feedback: string;
  readonly valid: boolean;
}

export interface ProgramEvaluationOptions {
  /** Verifier id, e.g. `circle-packing-26` (see `problemVerifiers`). */
  readonly problem: string;
  /** Absolute path of the candidate program (`.py`, `.js` or `.mjs`). */
  readonly program: string;
  /** Working directory (default: the program's folder). */
  readonly cwd?: string;
  /** Hard limit for the program, in ms (default 60 000); its whole process group is killed after it. */
  readonly timeoutMs?: number;
  readonly tolerance?: number;
  /** Environment of the program (default: PATH, HOME, LANG only). */
  readonly env?: Readonly<Record<string, string>>;
  /** Command prefix that runs the program (default: by extension, `/usr/bin/python3` or `node`). */
  readonly interpreter?: readonly string[];
}

const maxStdoutBytes = 64 << 20;
const stderrTailBytes = 4000;

/** Runs the candidate program and verifies what it printed. Never throws for a bad candidate. */
export async function evaluateConstructionProgram(
  options: ProgramEvaluationOptions,
): Promise<ConstructionEvaluation> {
  const verifier = getProblemVerifier(options.problem);
  const command = [...(options.interpreter ?? interpreterFor(options.program)), options.program];
  const outcome = await runProgram(command, {
    cwd: options.cwd ?? path.dirname(options.program),
    timeoutMs: options.timeoutMs ?? 60_000,
    env: options.env ?? defaultEnvironment(),
  });
  const seconds = { program_seconds: outcome.seconds };
  const stderr =
    outcome.stderr.trim() === '' ? '' : `\nstderr (last part):\n${outcome.stderr.slice(-stderrTailBytes)}`;
  if (outcome.timedOut) {
    return failure(
      `the program did not finish within ${(options.timeoutMs ?? 60_000) / 1000} s and was killed${stderr}`,
      seconds,
    );
  }
  if (outcome.exitCode !== 0) {
    const how = outcome.signal === null ? `exit status ${outcome.exitCode}` : `signal ${outcome.signal}`;
    return failure(`the program failed (${how})${stderr}`, seconds);
  }
  if (outcome.stdoutTruncated)
    return failure(`the program printed more than ${maxStdoutBytes} bytes`, seconds);
  const json = lastJson(outcome.stdout);
  if (json === undefined) {
    return failure(
      `the program printed no JSON construction: print it as one JSON line on stdout, e.g. ${exampleShape(verifier.constructionKind)}${stderr}`,
      seconds,
    );
  }
  const evaluation = evaluateConstructionJson(options.problem, json, options.tolerance ?? 0);
  return { ...evaluation, metrics: { ...evaluation.metrics, ...seconds } };
}

/** Verifies an already parsed construction and turns the verification into the evaluator result. */
export function evaluateConstructionJson(
  problem: string,
  json: unknown,
  tolerance = 0,
): ConstructionEvaluation {
  const verifier = getProblemVerifier(problem);
  const read = readConstruction(json, verifier.constructionKind);
  if (!read.ok) return failure(`${read.reason}; print e.g. ${exampleShape(verifier.constructionKind)}`, {});
  const verification = verifier.verify(read.construction, { tolerance, claimed: null });
  return {
    metrics: metricsOf(verification),
    feedback: describeVerification(verification),
    valid: verification.feasible,
  };
}

/** The finite numbers of a verification as metrics: the value, max_violation, feasible (0/1), counts, extras. */
export function metricsOf(verification: Verification): Record<string, number> {
  const metrics: Record<string, number> = {};
  const put = (name: string, value: number | null): void => {
    if (value !== null && Number.isFinite(value)) metrics[name] = value;
  };
  put(verification.valueName, verification.value);
  put('max_violation', verification.maxViolation);
  put('feasible', verification.feasible ? 1 : 0);
  put('violation_count', verification.violationCount);
  for (const [name, value] of Object.entries(verification.values)) put(name, value);
  return metrics;
}

function failure(feedback: string, metrics: Record<string, number>): ConstructionEvaluation {
  return { metrics: { ...metrics, feasible: 0 }, feedback, valid: false };
}

function exampleShape(kind: string): string {
  return kind === 'circles' ? '{"centers": [[x, y], ...], "radii": [r, ...]}' : '{"heights": [h0, h1, ...]}';
}

/** The last line of stdout that parses as a JSON object or array (or the whole output, if it does). */
export function lastJson(stdout: string): unknown {
  const lines = stdout.split('\n');
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = (lines[index] as string).trim();
    if (!line.startsWith('{') && !line.startsWith('[')) continue;
    try {
      return parseJsonAllowingNonFinite(line);
    } catch {
      // not JSON: keep looking (a multi-line document is tried below)
    }
  }
  const whole = stdout.trim();
  const start = Math.min(...['{', '['].map((char) => whole.indexOf(char)).filter((at) => at >= 0));
  if (!Number.isFinite(start)) return undefined;
  try {
    return parseJsonAllowingNonFinite(whole.slice(start));
  } catch {
    return undefined;
  }
}

function interpreterFor(program: string): string[] {
  if (/\.(m?js|cjs)$/.test(program)) return [process.execPath];
  return [existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'];
}

function defaultEnvironment(): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    LANG: 'C.UTF-8',
  };
}

interface ProgramOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stdoutTruncated: boolean;
  readonly stderr: string;
  readonly seconds: number;
}

function runProgram(
  command: readonly string[],
  options: {
    readonly cwd: string;
    readonly timeoutMs: number;
    readonly env: Readonly<Record<string, string>>;
  },
): Promise<ProgramOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command[0] as string, command.slice(1), {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stdoutTruncated = false;
    let stderr = '';
    let timedOut = false;
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutBytes + chunk.length > maxStdoutBytes) {
        stdoutTruncated = true;
        killGroup();
        return;
      }
      stdoutBytes += chunk.length;
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-stderrTailBytes * 4);
    });
    let finished = false;
    const finish = (exitCode: number | null, signal: string | null): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      killGroup(); // reap anything the program left behind
      resolve({
        exitCode,
        signal,
        timedOut,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stdoutTruncated,
        stderr,
        seconds: (performance.now() - started) / 1000,
      });
    };
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
      finish(null, null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}
