/**
 * The code-repair checker, shared by every task folder: each task's `evaluator.ts` imports it (Ratchet
 * compiles the two into one module); its runners stay files in this folder, which the task's
 * `ratchet.config.ts` mounts read-only. It runs inside the sandbox:
 *
 * 1. reads the task's hidden tests (`tests.json` in the problem folder): the function's name, the
 *    language, and test cases `{name, args, expected}` or `{name, args, raises}`;
 * 2. runs the candidate's function on every case's arguments in a child process (`run_python.py` or
 *    `run-typescript.mts`), which never sees the expected values;
 * 3. compares each returned value with the expected one HERE, so a candidate cannot claim a pass;
 * 4. returns `pass_rate` (the objective: the fraction of tests passed), `passed`, `tests`, and feedback
 *    naming every failed test with its assertion message and, for an exception, the candidate's stack frames.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EvaluatorContext, EvaluatorOutput } from '../../../src/spec/evaluation.ts';
import { formatCall, formatValue, type Language, sameValue } from './values.ts';

/** One hidden test: the call's arguments and either the expected value or the error it must raise. */
export interface TestCase {
  readonly name: string;
  readonly args: readonly unknown[];
  readonly expected?: unknown;
  /** The start of the error the call must raise, e.g. `ValueError` or `Error: invalid duration`. */
  readonly raises?: string;
}

export interface TaskTests {
  readonly language: Language;
  readonly function: string;
  readonly tests: readonly TestCase[];
}

type CaseOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string; readonly trace: string };

interface RunnerReport {
  readonly outcomes: Map<number, CaseOutcome>;
  readonly loadError: { readonly error: string; readonly trace: string } | null;
  readonly timedOut: boolean;
  readonly exitCode: number | null;
  readonly stderr: string;
}

/** Time for all the tests of one candidate together. */
const timeoutMs = 10_000;
/** Failed tests shown in full; the others are listed by name. */
const detailedFailures = 6;
const maxTraceLines = 12;

/** The runner of the task's language: Debian's python3, or Node with the TypeScript loader Ratchet provides. */
function runnerCommand(language: Language, checkerDir: string): { command: string; args: string[] } {
  if (language === 'python') {
    return { command: '/usr/bin/python3', args: ['-B', path.join(checkerDir, 'run_python.py')] };
  }
  const loader = process.env['RATCHET_TS_LOADER'];
  if (loader === undefined)
    throw new Error('RATCHET_TS_LOADER is not set: Ratchet sets it in every evaluation');
  return {
    command: process.execPath,
    args: ['--import', loader, path.join(checkerDir, 'run-typescript.mts')],
  };
}

/** The runners' folder: ratchet.config.ts mounts it read-only and names it in CODE_REPAIR_CHECKER. */
function checkerFolder(): string {
  const folder = process.env['CODE_REPAIR_CHECKER'];
  if (folder === undefined)
    throw new Error('CODE_REPAIR_CHECKER is not set: run the task through its ratchet.config.ts');
  return folder;
}

function runCases(context: EvaluatorContext, tests: TaskTests, checkerDir: string): Promise<RunnerReport> {
  const { command, args } = runnerCommand(tests.language, checkerDir);
  return new Promise((resolve) => {
    const child = spawn(command, [...args, context.candidatePath, tests.function], {
      cwd: context.candidateDir,
      detached: true,
      env: { PATH: '/usr/bin:/bin', HOME: context.candidateDir, LANG: 'C.UTF-8', TMPDIR: '/tmp' },
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    });
    const outcomes = new Map<number, CaseOutcome>();
    let loadError: RunnerReport['loadError'] = null;
    let results = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      results += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      for (const line of results.split('\n')) {
        if (line.trim() === '') continue;
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue; // a line the candidate wrote there: it cannot pass for a result of an index it lacks
        }
        if (typeof parsed['load_error'] === 'string') {
          loadError = { error: parsed['load_error'], trace: String(parsed['trace'] ?? '') };
        } else if (typeof parsed['index'] === 'number' && !outcomes.has(parsed['index'])) {
          outcomes.set(
            parsed['index'],
            parsed['ok'] === true
              ? { ok: true, value: parsed['value'] }
              : { ok: false, error: String(parsed['error']), trace: String(parsed['trace'] ?? '') },
          );
        }
      }
      resolve({ outcomes, loadError, timedOut, exitCode, stderr });
    });
    child.stdin?.on('error', () => {}); // the candidate may exit without reading
    child.stdin?.end(JSON.stringify(tests.tests.map((test) => test.args)));
  });
}

function shortTrace(trace: string): string {
  const lines = trace.split('\n').filter((line) => line.trim() !== '');
  const kept = lines.length <= maxTraceLines ? lines : ['…', ...lines.slice(-maxTraceLines)];
  return kept.map((line) => `    ${line}`).join('\n');
}

/** Why a test failed (its assertion message, and the stack frames for an exception), or null if it passed. */
function failure(test: TestCase, outcome: CaseOutcome | undefined, tests: TaskTests, report: RunnerReport) {
  const call = formatCall(tests.function, test.args, tests.language);
  if (outcome === undefined) {
    return report.timedOut
      ? `${call} did not return within ${timeoutMs / 1000} s for all the tests (an infinite loop?)`
      : `${call} did not return: the program exited (status ${report.exitCode})`;
  }
  if (test.raises !== undefined) {
    if (outcome.ok) {
      return `${call} returned ${formatValue(outcome.value, tests.language)}, expected it to raise ${test.raises}`;
    }
    if (outcome.error.startsWith(test.raises)) return null;
    return `${call} raised ${outcome.error}, expected ${test.raises}\n${shortTrace(outcome.trace)}`;
  }
  if (!outcome.ok) return `${call} raised ${outcome.error}\n${shortTrace(outcome.trace)}`;
  if (sameValue(outcome.value, test.expected)) return null;
  const expected = formatValue(test.expected, tests.language);
  return `${call} returned ${formatValue(outcome.value, tests.language)}, expected ${expected}`;
}

/** Evaluates the candidate of a code-repair task against the task's hidden tests. */
export async function checkTask(context: EvaluatorContext): Promise<EvaluatorOutput> {
  const tests = JSON.parse(readFileSync(path.join(context.problemDir, 'tests.json'), 'utf8')) as TaskTests;
  const report = await runCases(context, tests, checkerFolder());
  const total = tests.tests.length;
  if (report.loadError !== null) {
    return {
      metrics: { pass_rate: 0, passed: 0, tests: total },
      valid: false,
      feedback: `The program could not be loaded: ${report.loadError.error}\n${shortTrace(report.loadError.trace)}`,
    };
  }
  const failures: string[] = [];
  const failedNames: string[] = [];
  for (const [index, test] of tests.tests.entries()) {
    const reason = failure(test, report.outcomes.get(index), tests, report);
    if (reason === null) continue;
    failedNames.push(test.name);
    if (failures.length < detailedFailures) {
      const kind = report.outcomes.get(index)?.ok === false && test.raises === undefined ? 'ERROR' : 'FAIL';
      failures.push(`${kind} ${test.name}: ${reason}`);
    }
  }
  const passed = total - failedNames.length;
  const lines = [`${passed} of ${total} hidden tests passed.`, ...failures];
  if (failedNames.length > detailedFailures) {
    lines.push(
      `… and ${failedNames.length - detailedFailures} more: ${failedNames.slice(detailedFailures).join(', ')}`,
    );
  }
  return { metrics: { pass_rate: passed / total, passed, tests: total }, feedback: lines.join('\n') };
}
