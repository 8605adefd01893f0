import type { Command } from 'commander';
import {
  addBudgetOptions,
  type BudgetFlags,
  budgetFrom,
  executorFrom,
  executorHelp,
  storeHelp,
} from '../options.ts';
import { describeSummary, printJson, warn } from '../output.ts';
import { lazyProgress } from '../progress.ts';
import { abortOnSignals } from '../signals.ts';
import { announceProposers } from './announce.ts';

interface ResumeFlags extends BudgetFlags {
  store?: string;
  executor?: string;
  json?: boolean;
  progress: boolean;
  cache: boolean;
}

export function registerResume(program: Command): void {
  const command = program
    .command('resume')
    .description('continue a run after a crash, kill or stop: nothing recorded is lost or repeated')
    .argument('<run>', 'run id (see `ratchet list`)');
  addBudgetOptions(command);
  command
    .option('--store <dir>', storeHelp)
    .option('--executor <url>', executorHelp)
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--no-progress', 'no live progress line')
    .option(
      '--no-cache',
      "evaluate every candidate, even one whose identical evaluation is in the store's cache",
    )
    .action(async (runId: string, flags: ResumeFlags) => {
      const stop = abortOnSignals(() =>
        process.stderr.write('\nratchet: stopping (Ctrl-C again to quit at once)\n'),
      );
      const progress = lazyProgress(flags.progress);
      const budget = budgetFrom(flags);
      try {
        const { resumeRun } = await import('../../api/run.ts');
        const handle = await resumeRun(runId, {
          cache: flags.cache,
          ...(flags.store === undefined ? {} : { store: flags.store }),
          ...(budget === undefined ? {} : { budget }),
          signal: stop.signal,
          onWarning: warn,
          ...(await executorFrom(flags.executor, warn)),
          onEvent: progress.update,
        });
        announceProposers(handle.problem);
        const summary = await handle.summary.finally(progress.done);
        if (flags.json === true) printJson({ ...summary, storeDir: handle.storeDir });
        else process.stdout.write(`${describeSummary(summary, handle.storeDir)}\n`);
      } finally {
        stop.dispose();
      }
    });
}
