import { type Command, InvalidArgumentError } from 'commander';
import { type CompareResult, compareStrategies } from '../../api/compare.ts';
import type { SandboxKind } from '../../spec/problem.ts';
import { finiteNumber, positiveInteger, positiveNumber, storeHelp } from '../options.ts';
import { formatScore, printJson, warn } from '../output.ts';
import { abortOnSignals } from '../signals.ts';

interface CompareFlags {
  strategies?: string[];
  seeds: number;
  maxEvaluations: number;
  model?: string[];
  threshold?: number;
  store?: string;
  sandbox?: SandboxKind;
  timeout?: number;
  llmConcurrency?: number;
  evalConcurrency?: number;
  json?: boolean;
}

const list = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  ...value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== ''),
];

function sandboxKind(value: string): SandboxKind {
  if (value !== 'bwrap' && value !== 'none') throw new InvalidArgumentError("expected 'bwrap' or 'none'");
  return value;
}

/** The comparison as a table for people. */
export function describeComparison(result: CompareResult): string {
  const score = (value: number): string =>
    Number.isNaN(value) ? '—' : formatScore(Number(value.toPrecision(6)));
  const header = [
    `compare ${result.problem}: ${result.objective.direction} ${result.objective.metric}; ${result.seeds} seeds × ${result.maxEvaluations} evaluations; model ${result.models.join(', ')}`,
    `threshold ${result.threshold === null ? '—' : score(result.threshold)}: ${result.thresholdRule}`,
    '',
    `${'strategy'.padEnd(22)} ${'best (mean)'.padStart(11)} ${'95% interval'.padStart(22)} ${'reached'.padStart(8)} ${'evals→thr'.padStart(9)} ${'failed'.padStart(7)} ${'cost $'.padStart(9)}  vs baselines`,
  ];
  const rows = result.rows.map((row) => {
    const interval = Number.isNaN(row.best.halfWidth)
      ? '—'
      : `[${score(row.best.low)}, ${score(row.best.high)}]`;
    return [
      row.strategy.padEnd(22),
      score(row.best.mean).padStart(11),
      interval.padStart(22),
      `${row.reached}/${row.runs}`.padStart(8),
      (row.medianEvaluationsToThreshold === null ? '—' : String(row.medianEvaluationsToThreshold)).padStart(
        9,
      ),
      row.failedProposals.toFixed(1).padStart(7),
      row.costUsd.toFixed(4).padStart(9),
      ` ${row.versusBaselines ?? '(baseline)'}`,
    ].join(' ');
  });
  const winners = result.rows.filter((row) => row.versusBaselines === 'better').map((row) => row.strategy);
  const verdict =
    winners.length === 0
      ? 'no strategy beat the baselines beyond the 95% intervals'
      : `beat the baselines beyond the 95% intervals: ${winners.join(', ')}`;
  return [
    ...header,
    ...rows,
    '',
    verdict,
    `runs are in ${result.storeDir} (label compare=${result.comparison})`,
  ].join('\n');
}

/** `ratchet compare`. */
export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description(
      'run several strategies × seeds at an equal evaluation budget and compare them (sample and refine always included)',
    )
    .argument('<problem>', 'problem folder or config file')
    .option('--strategies <list>', 'strategies, comma-separated; options as name:key=value+key=value', list)
    .option('--seeds <n>', 'seeds per strategy (0 … n−1)', positiveInteger, 5)
    .requiredOption('--max-evaluations <n>', 'evaluations per run (the same for every run)', positiveInteger)
    .option('--model <model>', 'model string(s), comma-separated or repeated', list)
    .option(
      '--threshold <score>',
      'score to reach (default: the seed score moved by half the median improvement)',
      finiteNumber,
    )
    .option('--store <dir>', storeHelp)
    .option('--sandbox <kind>', "'bwrap' (default) or 'none'", sandboxKind)
    .option('--timeout <seconds>', 'time limit per evaluation', positiveNumber)
    .option('--llm-concurrency <n>', 'proposals in flight at once', positiveInteger)
    .option('--eval-concurrency <n>', 'evaluations in flight at once', positiveInteger)
    .option('--json', 'print the comparison as JSON')
    .action(async (target: string, flags: CompareFlags) => {
      const stop = abortOnSignals(() => process.stderr.write('\nratchet: stopping the comparison\n'));
      try {
        const concurrency = {
          ...(flags.llmConcurrency === undefined ? {} : { llm: flags.llmConcurrency }),
          ...(flags.evalConcurrency === undefined ? {} : { evaluations: flags.evalConcurrency }),
        };
        const result = await compareStrategies(target, {
          strategies: flags.strategies ?? [],
          seeds: flags.seeds,
          maxEvaluations: flags.maxEvaluations,
          ...(flags.model === undefined ? {} : { models: flags.model }),
          ...(flags.threshold === undefined ? {} : { threshold: flags.threshold }),
          ...(flags.store === undefined ? {} : { store: flags.store }),
          overrides: {
            ...(flags.sandbox === undefined ? {} : { sandbox: flags.sandbox }),
            ...(flags.timeout === undefined ? {} : { timeoutSeconds: flags.timeout }),
            ...(Object.keys(concurrency).length === 0 ? {} : { concurrency }),
          },
          signal: stop.signal,
          onWarning: warn,
          onRun: (run, done, total) =>
            process.stderr.write(
              `ratchet: [${done}/${total}] ${run.strategy} seed ${run.seed}: best ${formatScore(run.bestScore)} after ${run.evaluations} evaluations\n`,
            ),
        });
        if (flags.json === true) printJson(result);
        else process.stdout.write(`${describeComparison(result)}\n`);
      } finally {
        stop.dispose();
      }
    });
}
