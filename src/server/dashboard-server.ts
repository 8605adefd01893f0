/**
 * `ratchet ui`'s server: the dashboard app on a Node HTTP server. Loopback by default; any other bind
 * must have a token, or it is refused.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { badInput, RatchetError } from '../core/errors.ts';
import { isLoopbackHost } from './access-control.ts';
import { clientAssets } from './client-assets.ts';
import { createDashboardApp } from './dashboard-app.ts';
import { RunCatalog } from './run-catalog.ts';

export const defaultDashboardPort = 8420;

export interface DashboardServerOptions {
  /** The store folder to show (it may not exist yet: the runs list is empty until a run starts). */
  readonly storeDir: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 8420; 0 picks a free port. */
  readonly port?: number;
  /** Required on every request when set; a non-loopback host must have one. */
  readonly token?: string;
  readonly pollMs?: number;
  /** Faults while serving (a request that failed inside the engine). */
  readonly onError?: (error: unknown) => void;
}

export interface DashboardServer {
  /** The address to open, without the token. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly token: string | undefined;
  close(): Promise<void>;
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  if (!loopback && (options.token === undefined || options.token.length < 16)) {
    throw badInput(`refusing to serve the dashboard on ${host} without an access token`, {
      field: 'host',
      hint: 'bind 127.0.0.1 (the default), or pass a token of at least 16 characters (`ratchet ui` generates one)',
    });
  }
  const catalog = new RunCatalog(options.storeDir);
  const dashboard = createDashboardApp({
    catalog,
    assets: () => clientAssets('dashboard'),
    loopbackOnly: loopback,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const created = serve(
      { fetch: dashboard.app.fetch, hostname: host, port: options.port ?? defaultDashboardPort },
      () => resolve(created as Server),
    );
    created.once('error', (error: NodeJS.ErrnoException) => {
      dashboard.close();
      catalog.close();
      reject(
        error.code === 'EADDRINUSE'
          ? badInput(`port ${options.port} on ${host} is in use`, {
              hint: 'pass --port N (or --port 0 for any free port)',
            })
          : new RatchetError('internal', `cannot listen on ${host}: ${error.message}`, { cause: error }),
      );
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    host,
    port,
    token: options.token,
    close: () =>
      new Promise<void>((resolve) => {
        dashboard.close();
        server.close(() => {
          catalog.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
