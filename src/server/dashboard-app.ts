/**
 * The dashboard as a Hono app: a read-only JSON API and SSE stream over a store's runs (see
 * `protocol.ts`), and the page that shows them. It only reads; nothing here can change a run.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { RatchetError } from '../core/errors.ts';
import { accessControl, securityHeaders } from './access-control.ts';
import { describeCandidate } from './candidate-detail.ts';
import type { ClientAssets } from './client-assets.ts';
import type { ApiError, RunCurve } from './protocol.ts';
import type { RunCatalog } from './run-catalog.ts';
import { RunFeeds } from './run-feeds.ts';
import type { RunProjection } from './run-projection.ts';

export interface DashboardAppOptions {
  readonly catalog: RunCatalog;
  /** The client bundle (see `clientAssets('dashboard')`). */
  readonly assets: () => Promise<ClientAssets>;
  /** Required on every request when set (non-loopback binds). */
  readonly token?: string;
  /** Answer only requests addressed to a loopback name (loopback binds). */
  readonly loopbackOnly: boolean;
  /** How often a watched run's log is polled (default 250 ms). */
  readonly pollMs?: number;
  /** SSE keep-alive comment interval (default 15 s). */
  readonly keepAliveMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface DashboardApp {
  readonly app: Hono;
  /** How many SSE streams are following runs right now. */
  streams(): number;
  /** Stops the live feeds (the catalog is the caller's to close). */
  close(): void;
}

const indexHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ratchet</title>
<link rel="stylesheet" href="/assets/app.css">
<script defer src="/assets/app.js"></script>
</head>
<body><div id="app" class="app"><p class="muted">Loading…</p></div></body>
</html>
`;

const maxCompareRuns = 12;

export function createDashboardApp(options: DashboardAppOptions): DashboardApp {
  const { catalog } = options;
  const onError = options.onError ?? (() => {});
  const feeds = new RunFeeds(catalog, options.pollMs ?? 250, onError);
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const app = new Hono();

  app.use(securityHeaders());
  app.use(
    accessControl({
      loopbackOnly: options.loopbackOnly,
      ...(options.token === undefined ? {} : { token: options.token }),
    }),
  );
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.onError((error, c) => {
    if (RatchetError.is(error) && (error.code === 'not-found' || error.code === 'bad-input')) {
      const body: ApiError = {
        error: error.message,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      };
      return c.json(body, error.code === 'not-found' ? 404 : 400);
    }
    onError(error);
    return c.json({ error: `internal error: ${(error as Error).message}` } satisfies ApiError, 500);
  });

  app.get('/', (c) => c.html(indexHtml));
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/assets/app.js', async (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body((await options.assets()).js);
  });
  app.get('/assets/app.css', async (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body((await options.assets()).css);
  });

  app.get('/api/runs', (c) => c.json(catalog.listRuns()));
  app.get('/api/runs/:runId', (c) => c.json(catalog.run(c.req.param('runId')).snapshot()));
  app.get('/api/runs/:runId/candidates/:candidateId', (c) =>
    c.json(describeCandidate(catalog, c.req.param('runId'), c.req.param('candidateId'))),
  );
  app.get('/api/curves', (c) => {
    const runIds = (c.req.query('runs') ?? '').split(',').filter((runId) => runId !== '');
    if (runIds.length === 0 || runIds.length > maxCompareRuns) {
      throw new RatchetError('bad-input', `give 1 to ${maxCompareRuns} run ids in ?runs=a,b`);
    }
    return c.json(
      runIds.map((runId): RunCurve => {
        const { state, points } = catalog.run(runId);
        return {
          runId,
          problem: state.problem.name,
          strategy: state.problem.strategy.name,
          models: state.problem.models.map((model) => model.model),
          objective: state.problem.objective,
          points,
        };
      }),
    );
  });

  app.get('/api/runs/:runId/stream', (c) => {
    const runId = c.req.param('runId');
    const projection = catalog.run(runId);
    return streamSSE(c, async (stream) => {
      let sent = projection.seq;
      let writing = stream.writeSSE({
        event: 'snapshot',
        id: String(sent),
        data: JSON.stringify(projection.snapshot()),
      });
      const push = (latest: RunProjection): void => {
        const delta = latest.snapshot(sent);
        sent = latest.seq;
        writing = writing.then(() =>
          stream.writeSSE({ event: 'delta', id: String(delta.seq), data: JSON.stringify(delta) }),
        );
      };
      const unsubscribe = feeds.subscribe(runId, push);
      // subscribing may have folded events that arrived after the snapshot: send them now
      if (projection.seq > sent) push(projection);
      const keepAlive = setInterval(() => {
        writing = writing.then(() => stream.write(': keep-alive\n\n')).then(() => undefined);
      }, keepAliveMs);
      await new Promise<void>((resolve) => {
        stream.onAbort(() => {
          clearInterval(keepAlive);
          unsubscribe();
          resolve();
        });
      });
    });
  });

  app.notFound((c) => c.json({ error: `no such page: ${c.req.path}` } satisfies ApiError, 404));

  return { app, streams: () => feeds.listeners, close: () => feeds.close() };
}
