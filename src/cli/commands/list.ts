import type { Command } from 'commander';
import { openStoreReader } from '../../api/inspect.ts';
import { storeHelp } from '../options.ts';
import { describeSummary, formatScore, printJson } from '../output.ts';

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list the runs in a store')
    .option('--store <dir>', storeHelp)
    .option('--json', 'print the runs as JSON')
    .action((flags: { store?: string; json?: boolean }) => {
      const reader = openStoreReader(flags.store);
      try {
        const runs = reader.listRuns().map((info) => {
          const summary = reader.summary(info.runId);
          return {
            ...info,
            status: info.status,
            evaluations: summary.evaluations,
            bestScore: summary.best?.score ?? null,
            strategy: summary.strategy,
            models: summary.models,
            costUsd: summary.costUsd,
          };
        });
        if (flags.json === true) {
          printJson(runs);
          return;
        }
        if (runs.length === 0) process.stdout.write(`no runs in ${reader.storeDir}\n`);
        for (const run of runs) {
          process.stdout.write(
            `${run.runId}  ${run.status.padEnd(9)} ${String(run.evaluations).padStart(5)} evaluations  best ${formatScore(run.bestScore).padEnd(12)} ${run.strategy} · ${run.models.join(',')} · ${new Date(run.createdAt).toISOString()}\n`,
          );
        }
      } finally {
        reader.close();
      }
    });

  program
    .command('status')
    .description('summarise one run (default: the latest in the store)')
    .argument('[run]', 'run id or a unique prefix of it')
    .option('--store <dir>', storeHelp)
    .option('--json', 'print the summary as JSON')
    .action((runId: string | undefined, flags: { store?: string; json?: boolean }) => {
      const reader = openStoreReader(flags.store);
      try {
        const summary = reader.summary(reader.runId(runId));
        if (flags.json === true) printJson({ ...summary, storeDir: reader.storeDir });
        else process.stdout.write(`${describeSummary(summary, reader.storeDir)}\n`);
      } finally {
        reader.close();
      }
    });
}
