import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openStoreReader } from '../../api/inspect.ts';
import { RatchetError } from '../../core/errors.ts';
import { storeHelp } from '../options.ts';
import { printJson } from '../output.ts';

export function registerBest(program: Command): void {
  program
    .command('best')
    .description('print the best candidate of a run (its main file), or write it with --write')
    .argument('[run]', 'run id or a unique prefix (default: the latest run)')
    .option('--store <dir>', storeHelp)
    .option('--write <file>', 'write the main file of the best candidate to FILE')
    .option('--json', 'print the candidate (all files), its score and metrics as JSON')
    .action((runId: string | undefined, flags: { store?: string; write?: string; json?: boolean }) => {
      const reader = openStoreReader(flags.store);
      try {
        const state = reader.state(reader.runId(runId));
        const best = state.best;
        if (best?.evaluation === undefined) {
          throw new RatchetError('not-found', `run ${state.runId} has no scored candidate yet`, {
            hint: 'see `ratchet status` for what its evaluations returned',
          });
        }
        const candidate = reader.candidate(best.id);
        const main =
          candidate.files.find((file) => file.path === state.problem.mainFile) ?? candidate.files[0];
        if (flags.write !== undefined) {
          writeFileSync(flags.write, main?.content ?? '');
          process.stderr.write(
            `ratchet: wrote ${state.problem.mainFile} of candidate ${best.id.slice(0, 12)} (score ${best.evaluation.score}) to ${flags.write}\n`,
          );
        }
        if (flags.json === true) {
          printJson({
            runId: state.runId,
            candidateId: best.id,
            score: best.evaluation.score,
            metrics: best.evaluation.metrics,
            mainFile: state.problem.mainFile,
            files: candidate.files,
          });
        } else if (flags.write === undefined) {
          process.stdout.write(main?.content ?? '');
        }
      } finally {
        reader.close();
      }
    });
}
