import type { Command } from 'commander';
import { shortId } from '../../core/candidate-id.ts';
import { storeHelp } from '../options.ts';
import { printJson, warn } from '../output.ts';

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      "re-derive a run's decisions from its log, offline (recorded LLM responses are played back), and check that the same candidates and champions come out; exits 1 on any mismatch",
    )
    .argument('[run]', 'run id or a unique prefix (default: the latest run)')
    .option(
      '--reevaluate',
      'also run every evaluation again and report any evaluator that is not deterministic',
    )
    .option('--store <dir>', storeHelp)
    .option('--json', 'print the report as JSON')
    .action(
      async (runId: string | undefined, flags: { store?: string; json?: boolean; reevaluate?: boolean }) => {
        const { replayRecordedRun } = await import('../../api/replay.ts');
        const report = await replayRecordedRun(runId, {
          ...(flags.store === undefined ? {} : { store: flags.store }),
          reevaluate: flags.reevaluate === true,
          onWarning: warn,
        });
        const faithful = report.identical && (report.reevaluation?.deterministic ?? true);
        if (!faithful) process.exitCode = 1;
        if (flags.json === true) {
          printJson(report);
          return;
        }
        const lines = [
          `replay of ${report.runId}: ${report.identical ? 'identical' : `${report.mismatches.length} mismatches`} — ${report.proposals} proposals, ${report.candidates} candidates, ${report.promotions} promotions checked`,
          ...report.mismatches
            .slice(0, 20)
            .map(
              (mismatch) =>
                `  ${mismatch.kind}${mismatch.proposalId === undefined ? '' : ` ${mismatch.proposalId}`}: ${mismatch.detail}`,
            ),
        ];
        if (report.reevaluation !== undefined) {
          const { evaluations, differing, bundleChanged } = report.reevaluation;
          lines.push(
            `re-evaluation: ${evaluations} evaluations, ${differing.length === 0 ? 'all identical (deterministic)' : `${differing.length} differ — the evaluator is not deterministic`}`,
            ...differing
              .slice(0, 20)
              .map(
                (difference) =>
                  `  ${shortId(difference.candidateId)}: ${difference.recorded.status} ${difference.recorded.score} → ${difference.replayed.status} ${difference.replayed.score}${difference.metrics.length === 0 ? '' : ` (${difference.metrics.join('; ')})`}`,
              ),
          );
          if (bundleChanged)
            lines.push(
              '  note: the problem’s files changed since the run (the evaluator bundle hash differs)',
            );
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      },
    );
}
