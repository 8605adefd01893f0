/**
 * `ratchet worker`: runs evaluations taken from the Redis queue, in the same sandbox as local runs.
 */
import type { Command } from 'commander';
import { badInput } from '../../core/errors.ts';
import { positiveInteger, positiveNumber } from '../options.ts';

interface WorkerFlags {
  readonly redis?: string;
  readonly concurrency: number;
  readonly labels?: string[];
  readonly problems?: string[];
  readonly stalledSeconds: number;
  readonly allowNoSandbox?: boolean;
  readonly allowNetwork?: boolean;
  readonly allowPaths?: string[];
  readonly passEnv?: string[];
}

function list(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  ];
}

function many(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Registers `ratchet worker`. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'run evaluations sent by `ratchet run --executor redis://…`; anyone who can push to that Redis can make this worker run code in its sandbox (see docs/distributed.md)',
    )
    .option(
      '--redis <url>',
      'redis://[user:password@]host[:port][/db] or rediss:// (TLS); default $RATCHET_REDIS_URL',
    )
    .option('--concurrency <n>', 'evaluations at once', positiveInteger, 1)
    .option('--labels <list>', 'labels this worker offers (comma-separated, e.g. gpu,big-mem)', list)
    .option(
      '--problems <dir...>',
      'problem folders whose bundles this worker makes itself instead of fetching',
      many,
    )
    .option(
      '--stalled-seconds <s>',
      'a job whose worker stops renewing its lock this long goes to another worker',
      positiveNumber,
      30,
    )
    .option('--allow-no-sandbox', 'run jobs whose problem asks for sandbox "none" (no isolation)')
    .option('--allow-network', 'run jobs whose problem gives evaluations network access')
    .option('--allow-paths <dirs>', 'host folders jobs may mount read-only (comma-separated)', list)
    .option('--pass-env <names>', 'environment variables jobs may ask for (comma-separated)', list)
    .action(async (flags: WorkerFlags) => {
      const url = flags.redis ?? process.env['RATCHET_REDIS_URL'];
      if (url === undefined || url === '')
        throw badInput('no Redis URL', {
          field: '--redis',
          hint: 'pass --redis redis://host:port or set RATCHET_REDIS_URL',
        });
      const { startEvaluationWorker } = await import('../../distributed/evaluation-worker.ts');
      const worker = await startEvaluationWorker({
        url,
        concurrency: flags.concurrency,
        labels: flags.labels ?? [],
        problems: flags.problems ?? [],
        stalledSeconds: flags.stalledSeconds,
        policy: {
          allowNoSandbox: flags.allowNoSandbox === true,
          allowNetwork: flags.allowNetwork === true,
          allowPaths: flags.allowPaths ?? [],
          passEnv: flags.passEnv ?? [],
        },
        onLog: (message) => process.stderr.write(`ratchet: ${message}\n`),
      });
      await new Promise<void>((resolve) => {
        let signals = 0;
        const stop = (): void => {
          signals += 1;
          if (signals === 1) {
            process.stderr.write('ratchet: stopping the worker (Ctrl-C again to stop running evaluations)\n');
            void worker.close().then(resolve);
          } else void worker.close({ force: true }).then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
