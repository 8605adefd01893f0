import type { Command } from 'commander';
import { resolveStoreDir } from '../../api/store-location.ts';
import { generateToken, isLoopbackHost } from '../../server/access-control.ts';
import { defaultDashboardPort, startDashboardServer } from '../../server/dashboard-server.ts';
import { nonNegativeInteger, storeHelp } from '../options.ts';
import { warn } from '../output.ts';

interface UiFlags {
  port: number;
  host: string;
  store?: string;
}

export function registerUi(program: Command): void {
  program
    .command('ui')
    .description('serve the dashboard for the runs of a store (live runs update by themselves)')
    .option('--port <n>', `port (0: any free port)`, nonNegativeInteger, defaultDashboardPort)
    .option('--host <host>', 'address to bind; anything but loopback needs the printed token', '127.0.0.1')
    .option('--store <dir>', storeHelp)
    .action(async (flags: UiFlags) => {
      const storeDir = resolveStoreDir(flags.store, process.cwd());
      const token = isLoopbackHost(flags.host) ? undefined : generateToken();
      const server = await startDashboardServer({
        storeDir,
        host: flags.host,
        port: flags.port,
        ...(token === undefined ? {} : { token }),
        onError: (error) => warn(`dashboard: ${error instanceof Error ? error.message : String(error)}`),
      });
      const address = token === undefined ? server.url : `${server.url}?token=${token}`;
      process.stderr.write(`ratchet: dashboard for ${storeDir}\n`);
      if (token !== undefined)
        process.stderr.write(
          `ratchet: bound to ${flags.host}: every request needs the token in this address (shown once; Ctrl-C stops)\n`,
        );
      process.stdout.write(`${address}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
    });
}
