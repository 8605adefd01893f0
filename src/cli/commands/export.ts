/**
 * `ratchet export RUN --format F -o FILE`: a run's log as JSON Lines — raw events, SFT conversations,
 * preference pairs or LeTI-style feedback examples (schemas in docs/exports.md).
 */
import { type Command, InvalidArgumentError } from 'commander';
import { type ExportFormat, exportFormats, exportRun } from '../../api/export.ts';
import { openStoreReader } from '../../api/inspect.ts';
import { storeHelp } from '../options.ts';
import { printJson } from '../output.ts';

interface ExportFlags {
  format: ExportFormat;
  output: string;
  store?: string;
  metadata: boolean;
  synthesize?: boolean;
  json?: boolean;
}

function format(value: string): ExportFormat {
  if (!(exportFormats as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${exportFormats.join(', ')}`);
  return value as ExportFormat;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export a run as JSON Lines: raw events, SFT conversations of improving steps, preference pairs, or LeTI-style feedback examples (see docs/exports.md)',
    )
    .argument('[run]', 'run id or a unique prefix (default: the latest run)')
    .requiredOption('--format <format>', `one of ${exportFormats.join(', ')}`, format)
    .requiredOption('-o, --output <file>', "the .jsonl file to write ('-' for standard output)")
    .option('--store <dir>', storeHelp)
    .option('--no-metadata', 'leave out the metadata object of each line (sft, preference, feedback)')
    .option(
      '--synthesize',
      'sft and preference: also use mutate proposals (no LLM call), with the prompt rebuilt and the edit as the answer, marked "synthesized"',
    )
    .option('--json', 'print what was written as JSON')
    .action((run: string | undefined, flags: ExportFlags) => {
      const reader = openStoreReader(flags.store);
      try {
        const toStdout = flags.output === '-';
        // a reader that stops early (`| head`) is not an error
        if (toStdout)
          process.stdout.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code !== 'EPIPE') throw error;
          });
        const result = exportRun(
          reader,
          run,
          toStdout ? (line) => process.stdout.write(`${line}\n`) : flags.output,
          { format: flags.format, metadata: flags.metadata, synthesize: flags.synthesize === true },
        );
        const details = Object.entries(result.details)
          .map(([name, count]) => `${name} ${count}`)
          .join(', ');
        if (flags.json === true && !toStdout) printJson(result);
        else
          process.stderr.write(
            `ratchet: ${result.records} ${flags.format} lines of ${result.runId}${result.output === null ? '' : ` to ${result.output}`} (${details})\n`,
          );
      } finally {
        reader.close();
      }
    });
}
