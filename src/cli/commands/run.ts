import type { Command } from 'commander';
import {
  addBudgetOptions,
  addProblemOptions,
  executorFrom,
  executorHelp,
  nonNegativeInteger,
  overridesFrom,
  type ProblemFlags,
  storeHelp,
} from '../options.ts';
import { describeSummary, printJson, warn } from '../output.ts';
import { lazyProgress } from '../progress.ts';
import { abortOnSignals } from '../signals.ts';
import { announceProposers } from './announce.ts';
import { prepareLocalModelsForRun } from './models.ts';

interface RunFlags extends ProblemFlags {
  seed?: number;
  store?: string;
  executor?: string;
  json?: boolean;
  progress: boolean;
  cache: boolean;
  yes?: boolean;
}

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('run a refinement loop on a problem until its budget is spent')
    .argument(
      '<problem>',
      'problem folder (ratchet.config.ts, or initial_program.* + evaluator.py) or config file',
    );
  addProblemOptions(command);
  addBudgetOptions(command);
  command
    .option(
      '--seed <n>',
      'seed of all randomness (default: the problem’s random_seed, else 0)',
      nonNegativeInteger,
    )
    .option('--store <dir>', storeHelp)
    .option('--executor <url>', executorHelp)
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--no-progress', 'no live progress line')
    .option(
      '--no-cache',
      "evaluate every candidate, even one whose identical evaluation is in the store's cache",
    )
    .option('--yes', 'answer yes to setup questions (installing the runtime of --model local)')
    .action(async (target: string, flags: RunFlags) => {
      const stop = abortOnSignals(() =>
        process.stderr.write(
          '\nratchet: stopping (Ctrl-C again to quit at once); continue later with `ratchet resume`\n',
        ),
      );
      const progress = lazyProgress(flags.progress);
      try {
        await prepareLocalModelsForRun(target, flags);
        const { startRun } = await import('../../api/run.ts');
        const handle = await startRun(target, {
          overrides: overridesFrom(flags),
          cache: flags.cache,
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
          ...(flags.store === undefined ? {} : { store: flags.store }),
          signal: stop.signal,
          onWarning: warn,
          ...(await executorFrom(flags.executor, warn)),
          onEvent: progress.update,
        });
        announceProposers(handle.problem);
        process.stderr.write(`ratchet: run ${handle.runId} (store ${handle.storeDir})\n`);
        const summary = await handle.summary.finally(progress.done);
        if (flags.json === true) printJson({ ...summary, storeDir: handle.storeDir });
        else process.stdout.write(`${describeSummary(summary, handle.storeDir)}\n`);
      } finally {
        stop.dispose();
      }
    });
}
