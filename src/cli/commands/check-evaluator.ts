import { type Command, InvalidArgumentError } from 'commander';
import { assembleExecutor } from '../../api/engine-parts.ts';
import { resolveStoreDir } from '../../api/store-location.ts';
import { loadProblem } from '../../config/load-problem.ts';
import { type CheckEvaluatorReport, checkEvaluator } from '../../evaluators/check-evaluator.ts';
import { checksFileName } from '../../evaluators/checks-file.ts';
import type { SandboxKind } from '../../spec/problem.ts';
import { storeHelp } from '../options.ts';
import { formatScore, printJson, warn } from '../output.ts';

interface CheckEvaluatorFlags {
  builtin: boolean;
  sandbox?: SandboxKind;
  timeout?: number;
  store?: string;
  json?: boolean;
}

const help = `
The seed must score; every broken candidate must not (any status but "scored" is a rejection).
Built-in broken candidates: syntax-error, raises-error, empty-file, claims-huge-score (prints and writes
to fd 3 a result claiming a huge score). Declare problem-specific ones in ${checksFileName} in the problem
folder (or as "checks" in the config):
  {"checks": [
    {"name": "overlapping circles", "file": "checks/overlap.py"},
    {"name": "NaN radius", "edits": [{"search": "return centers, radii", "replace": "..."}]},
    {"name": "never finishes", "generator": "hangs"}]}
"file" replaces the seed's main file; "edits" are exact replacements in it. Add "expect":
"no-better-than-seed" to a candidate that only lies about its score: it may score, but not above the seed.

Exit status: 0 the seed scored and no broken candidate did; 1 otherwise; 2 bad input.`;

function sandboxKind(value: string): SandboxKind {
  if (value !== 'bwrap' && value !== 'none') throw new InvalidArgumentError("expected 'bwrap' or 'none'");
  return value;
}

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive number');
  return parsed;
}

function describe(report: CheckEvaluatorReport, metric: string): string {
  const lines = [`seed: ${report.seed.status}, ${metric} = ${formatScore(report.seed.score)}`];
  if (report.seed.status !== 'scored') lines.push(`  the seed itself does not score: ${report.seed.reason}`);
  const width = Math.max(...report.checks.map((check) => check.name.length), 4);
  for (const check of report.checks) {
    const name = check.name.padEnd(width);
    if (check.error !== undefined) lines.push(`  skipped   ${name}  ${check.error}`);
    else if (check.accepted)
      lines.push(
        `  ACCEPTED  ${name}  scored ${formatScore(check.score)}: the evaluator accepts this broken candidate`,
      );
    else if (check.status === 'scored')
      lines.push(
        `  held      ${name}  scored ${formatScore(check.score)}, not above the seed: the claim was ignored`,
      );
    else lines.push(`  rejected  ${name}  ${check.status}: ${check.reason}`);
  }
  const run = report.checks.filter((check) => check.error === undefined).length;
  lines.push(
    report.accepted === 0
      ? `no broken candidate accepted (${run} checked)`
      : `${report.accepted} of ${run} broken candidates accepted: make the evaluator check what it is given`,
  );
  return `${lines.join('\n')}\n`;
}

export function registerCheckEvaluator(program: Command): void {
  program
    .command('check-evaluator')
    .description('run the evaluator on deliberately broken candidates and report any it scores')
    .argument('<problem>', 'problem folder or config file')
    .option('--no-builtin', 'skip the built-in broken candidates (run only the declared checks)')
    .option('--sandbox <kind>', "'bwrap' (default) or 'none' (no isolation: trusted code only)", sandboxKind)
    .option('--timeout <seconds>', 'time limit per evaluation', positiveNumber)
    .option('--store <dir>', storeHelp)
    .option('--json', 'print the report as JSON (with "ok")')
    .addHelpText('after', help)
    .action(async (target: string, flags: CheckEvaluatorFlags) => {
      const { problem } = await loadProblem(target, {
        ...(flags.sandbox === undefined ? {} : { sandbox: flags.sandbox }),
        ...(flags.timeout === undefined ? {} : { timeoutSeconds: flags.timeout }),
      });
      for (const message of problem.warnings) warn(message);
      const { executor, bundleHash } = await assembleExecutor(
        problem,
        resolveStoreDir(flags.store, problem.dir),
        {
          onWarning: warn,
        },
      );
      try {
        const report = await checkEvaluator(problem, { executor, bundleHash, builtIn: flags.builtin });
        if (flags.json === true) printJson(report);
        else process.stdout.write(describe(report, problem.objective.metric));
        process.exitCode = report.ok ? 0 : 1;
      } finally {
        await executor.close();
      }
    });
}
