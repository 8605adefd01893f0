/**
 * `ratchet diff A B`: the unified diff between two candidates.
 */
import type { Command } from 'commander';
import { diffCandidates } from '../../api/candidate-diff.ts';
import { openStoreReader } from '../../api/inspect.ts';
import { shortId } from '../../core/candidate-id.ts';
import { storeHelp } from '../options.ts';
import { printJson } from '../output.ts';

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('print the unified diff from candidate A to candidate B')
    .argument('<a>', 'candidate id, a unique prefix of one, or best / seed')
    .argument('<b>', 'candidate id, a unique prefix of one, or best / seed')
    .option('--run <run>', 'run id or prefix to look the candidates up in (default: every run)')
    .option('--store <dir>', storeHelp)
    .option('--json', 'print the per-file hunks and the patch as JSON')
    .action((from: string, to: string, flags: { run?: string; store?: string; json?: boolean }) => {
      const reader = openStoreReader(flags.store);
      try {
        const diff = diffCandidates(reader, from, to, flags.run === undefined ? {} : { run: flags.run });
        if (flags.json === true) printJson(diff);
        else if (diff.patch === '')
          process.stderr.write(
            `ratchet: ${shortId(diff.from.candidateId)} and ${shortId(diff.to.candidateId)} have the same content\n`,
          );
        else process.stdout.write(diff.patch);
      } finally {
        reader.close();
      }
    });
}
