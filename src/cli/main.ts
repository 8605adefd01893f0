/**
 * The `ratchet` command: a thin layer over the library. Only this folder touches argv, exit codes and
 * the TTY.
 */
import { Command, CommanderError } from 'commander';
import { RatchetError } from '../core/errors.ts';
import { version } from '../version.ts';
import { commands } from './commands/index.ts';
import { exitCodeFor } from './exit-codes.ts';

const program = new Command('ratchet')
  .description('Evaluation-driven refinement loops: propose, evaluate in a sandbox, select, repeat.')
  .version(version)
  .showHelpAfterError('(run with --help for the options)')
  .exitOverride();

// only the verb being run is loaded; help (or an unknown verb) loads them all
const verb = process.argv.slice(2).find((argument) => !argument.startsWith('-'));
const versionOnly =
  verb === undefined && process.argv.some((argument) => argument === '-V' || argument === '--version');
const wanted = commands.filter((entry) => verb !== undefined && entry.names.includes(verb));
for (const entry of versionOnly ? [] : wanted.length > 0 ? wanted : commands) (await entry.load())(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has printed its message; usage mistakes are bad input
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (RatchetError.is(error)) {
    process.stderr.write(`ratchet: ${error.describe()}\n`);
    process.exitCode = exitCodeFor(error);
  } else {
    process.stderr.write(
      `ratchet: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
