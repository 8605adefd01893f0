/**
 * `ratchet lineage CANDIDATE`: the path from a candidate back to the seed, with scores.
 */
import type { Command } from 'commander';
import { type CandidateLineage, candidateLineage } from '../../api/candidate-lineage.ts';
import { openStoreReader } from '../../api/inspect.ts';
import { shortId } from '../../core/candidate-id.ts';
import { storeHelp } from '../options.ts';
import { formatScore, printJson } from '../output.ts';

function signed(change: number | null): string {
  if (change === null) return '';
  return change >= 0 ? `+${formatScore(change)}` : formatScore(change);
}

/** One line per step, candidate first, seed last. */
export function describeLineageText(lineage: CandidateLineage): string {
  const { objective, steps } = lineage;
  const lines = [
    `lineage of ${shortId(lineage.candidateId)} in run ${lineage.runId} (${objective.direction} ${objective.metric}): ${steps.length - 1} step(s) from the seed`,
  ];
  for (const step of steps) {
    const score = step.score === null ? (step.status ?? 'not evaluated') : formatScore(step.score);
    const how = [step.origin, step.mode, step.model].filter((part) => part !== undefined).join(' ');
    const number = step.evaluationNumber === null ? '' : `#${step.evaluationNumber}`;
    const others = step.parentIds.slice(1).map(shortId);
    lines.push(
      [
        `  ${shortId(step.candidateId)}`,
        score.padStart(14),
        signed(step.change).padEnd(14),
        number.padEnd(6),
        how,
        others.length === 0 ? '' : `(also from ${others.join(', ')})`,
        step.summary === undefined ? '' : `— ${step.summary}`,
      ]
        .filter((part) => part !== '')
        .join('  '),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function registerLineage(program: Command): void {
  program
    .command('lineage')
    .description('print the path from a candidate back to the seed, with scores')
    .argument('<candidate>', 'candidate id, a unique prefix of one, or best / seed')
    .option('--run <run>', 'run id or prefix to read it from (default: the latest run holding it)')
    .option('--store <dir>', storeHelp)
    .option('--json', 'print the steps as JSON (candidate first, seed last)')
    .action((reference: string, flags: { run?: string; store?: string; json?: boolean }) => {
      const reader = openStoreReader(flags.store);
      try {
        const lineage = candidateLineage(
          reader,
          reference,
          flags.run === undefined ? {} : { run: flags.run },
        );
        if (flags.json === true) printJson(lineage);
        else process.stdout.write(describeLineageText(lineage));
      } finally {
        reader.close();
      }
    });
}
