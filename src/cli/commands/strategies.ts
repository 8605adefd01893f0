import type { Command } from 'commander';
import { findStrategy, strategyNames } from '../../strategies/index.ts';
import { printJson } from '../output.ts';

/** The options a strategy accepts, with their defaults (what `parseOptions({})` fills in). */
function defaultsOf(name: string): Record<string, unknown> {
  const parsed = findStrategy(name)?.parseOptions({});
  if (parsed === undefined || !parsed.ok) return {};
  const value = parsed.value as { inner?: unknown; bandit?: unknown };
  return { ...(value.inner as Record<string, unknown>), modelBandit: value.bandit };
}

/** `ratchet strategies`. */
export function registerStrategies(program: Command): void {
  program
    .command('strategies')
    .description('list the search strategies and their options with defaults (details: docs/strategies.md)')
    .option('--json', 'print them as JSON')
    .action((flags: { json?: boolean }) => {
      const entries = strategyNames().map((name) => ({
        name,
        summary: findStrategy(name)?.summary ?? '',
        defaults: defaultsOf(name),
      }));
      if (flags.json === true) {
        printJson(entries);
        return;
      }
      for (const entry of entries) {
        process.stdout.write(`${entry.name.padEnd(10)} ${entry.summary}\n`);
        const options = Object.entries(entry.defaults).map(
          ([key, value]) => `${key}=${value === undefined ? '(unset)' : JSON.stringify(value)}`,
        );
        if (options.length > 0) process.stdout.write(`${' '.repeat(11)}${options.join('  ')}\n`);
      }
      process.stdout.write(
        '\nset options in the config (strategy: { name, ...options }) or in compare as name:key=value+key=value\n',
      );
    });
}
