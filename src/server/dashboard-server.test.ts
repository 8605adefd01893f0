import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import { openSqliteEventStore } from '../store/sqlite-event-store.ts';
import { isLoopbackHost, tokenMatches } from './access-control.ts';
import { startDashboardServer } from './dashboard-server.ts';
import { SyntheticRun } from './testing/synthetic-run.ts';

describe('startDashboardServer', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-server-'));
    const store = openSqliteEventStore(dir);
    SyntheticRun.start(store, { runId: 'run-1' }).end();
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('knows loopback names', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.4', 'example.com', '128.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('abc', 'abc')).toBe(true);
  });

  it('refuses a non-loopback bind without a token', async () => {
    const attempt = startDashboardServer({ storeDir: dir, host: '0.0.0.0', port: 0 });
    await expect(attempt).rejects.toThrow(
      /refusing to serve the dashboard on 0\.0\.0\.0 without an access token/,
    );
    await expect(attempt).rejects.toSatisfy((error) => RatchetError.is(error) && error.code === 'bad-input');
    await expect(
      startDashboardServer({ storeDir: dir, host: '0.0.0.0', port: 0, token: 'short' }),
    ).rejects.toThrow(/access token/);
  });

  it('on 0.0.0.0 with a token, answers 401 without it and 200 with it', async () => {
    const token = 'k'.repeat(40);
    const server = await startDashboardServer({ storeDir: dir, host: '0.0.0.0', port: 0, token });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      expect((await fetch(`${base}/api/runs`)).status).toBe(401);
      expect((await fetch(`${base}/`)).status).toBe(401);
      expect((await fetch(`${base}/api/runs/run-1/stream`)).status).toBe(401);
      const runs = await fetch(`${base}/api/runs`, { headers: { authorization: `Bearer ${token}` } });
      expect(runs.status).toBe(200);
      expect(await runs.json()).toMatchObject([{ runId: 'run-1' }]);
    } finally {
      await server.close();
    }
  });

  it('closes promptly while a browser holds an SSE stream open', async () => {
    const server = await startDashboardServer({ storeDir: dir, port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const stream = await fetch(`${server.url}api/runs/run-1/stream`);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: snapshot');
    await server.close();
    // the connection was closed by the server: the stream ends (or errors) instead of hanging
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })().catch(() => 'ended'),
    ).resolves.toBe('ended');
  });
});
