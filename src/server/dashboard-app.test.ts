import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../spec/store.ts';
import { openSqliteEventStore } from '../store/sqlite-event-store.ts';
import { tokenCookie } from './access-control.ts';
import { createDashboardApp, type DashboardApp } from './dashboard-app.ts';
import type { CandidateDetail, RunCurve, RunListItem, RunSnapshot } from './protocol.ts';
import { RunCatalog } from './run-catalog.ts';
import { SyntheticRun } from './testing/synthetic-run.ts';

const assets = async () => ({ js: 'console.log(1)', css: 'body{}' });
const local = { host: '127.0.0.1:8420' };

describe('the dashboard app', () => {
  let dir: string;
  let store: EventStore;
  let catalog: RunCatalog;
  let dashboard: DashboardApp;
  let run: SyntheticRun;
  let child: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-app-'));
    store = openSqliteEventStore(dir);
    run = SyntheticRun.start(store, { runId: 'run-1', seedScore: 1 });
    child = run.propose({
      parentId: run.seedId,
      files: [{ path: 'main.py', content: 'x = 2\nprint(x)\n' }],
      score: 2,
      feedback: 'better',
      prompt: 'Make x larger.',
      response: '<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE',
    });
    catalog = new RunCatalog(dir);
    dashboard = createDashboardApp({ catalog, assets, loopbackOnly: true, pollMs: 20 });
  });
  afterAll(() => {
    dashboard.close();
    catalog.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = local) =>
    dashboard.app.request(url, { headers });

  it('serves the page and its assets with a strict CSP and no-sniff', async () => {
    for (const url of ['/', '/assets/app.js', '/assets/app.css', '/api/runs', '/api/nothing']) {
      const response = await get(url);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy, url).toContain("script-src 'self'");
      expect(policy, url).toContain("frame-ancestors 'none'");
      expect(policy, url).not.toContain('unsafe-inline');
      expect(policy, url).not.toContain('unsafe-eval');
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
    const page = await (await get('/')).text();
    expect(page).toContain('<script defer src="/assets/app.js"></script>');
    expect(page).not.toMatch(/<script>/);
    expect((await get('/assets/app.js')).headers.get('content-type')).toContain('text/javascript');
  });

  it('lists runs and gives a run snapshot, a candidate and the curves', async () => {
    const runs = (await (await get('/api/runs')).json()) as RunListItem[];
    expect(runs).toMatchObject([{ runId: 'run-1', evaluations: 2, bestScore: 2, problem: 'synthetic' }]);

    const snapshot = (await (await get('/api/runs/run-1')).json()) as RunSnapshot;
    expect(snapshot.points.map((point) => point.score)).toEqual([1, 2]);
    expect(snapshot.nodes.map((node) => node.id).sort()).toEqual([run.seedId, child].sort());
    expect(snapshot.overview.best?.candidateId).toBe(child);

    const detail = (await (await get(`/api/runs/run-1/candidates/${child}`)).json()) as CandidateDetail;
    expect(detail.parentIds).toEqual([run.seedId]);
    expect(detail.isBest).toBe(true);
    expect(detail.diff).toEqual([
      expect.objectContaining({ path: 'main.py', change: 'changed', added: 1, removed: 1 }),
    ]);
    expect(detail.diff[0]?.hunks[0]?.lines).toEqual(['-x = 1', '+x = 2', ' print(x)']);
    expect(detail.evaluation?.feedback).toBe('better');
    expect(detail.proposal).toMatchObject({ mode: 'improve', outcome: 'candidate' });
    expect(detail.llmCalls).toHaveLength(1);
    expect(detail.llmCalls[0]?.messages.at(-1)?.content).toBe('Make x larger.');
    expect(detail.llmCalls[0]?.text).toContain('>>>>>>> REPLACE');

    const seed = (await (await get(`/api/runs/run-1/candidates/${run.seedId}`)).json()) as CandidateDetail;
    expect(seed.diff).toEqual([]);
    expect(seed.childIds).toEqual([child]);
    expect(seed.proposal).toBeNull();

    const curves = (await (await get('/api/curves?runs=run-1')).json()) as RunCurve[];
    expect(curves[0]?.points.map((point) => point.best)).toEqual([1, 2]);
  });

  it('answers unknown runs and candidates with 404 and a bad compare with 400', async () => {
    const missing = await get('/api/runs/nope');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain('no run nope');
    expect((await get(`/api/runs/run-1/candidates/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await get('/api/curves')).status).toBe(400);
  });

  it('refuses requests addressed to a name other than localhost (DNS rebinding)', async () => {
    const response = await get('/api/runs', { host: 'attacker.example:8420' });
    expect(response.status).toBe(403);
    expect((await get('/api/runs', { host: 'localhost:8420' })).status).toBe(200);
    expect((await get('/api/runs', { host: '[::1]:8420' })).status).toBe(200);
  });

  it('streams a snapshot, then a delta when the run grows, and stops when the client leaves', async () => {
    const response = await get('/api/runs/run-1/stream');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextMessage = async (): Promise<{ event: string; id: string; data: RunSnapshot }> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) continue;
          const field = (name: string) =>
            block
              .split('\n')
              .find((line) => line.startsWith(`${name}: `))
              ?.slice(name.length + 2) ?? '';
          return { event: field('event'), id: field('id'), data: JSON.parse(field('data')) };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    const snapshot = await nextMessage();
    expect(snapshot.event).toBe('snapshot');
    expect(snapshot.data.points).toHaveLength(2);
    const grandchild = run.propose({
      parentId: child,
      files: [{ path: 'main.py', content: 'x = 3\nprint(x)\n' }],
      score: 3,
    });
    // the proposal is several appends: a poll may see part of it, so deltas come until the evaluation
    const deltas: { event: string; id: string; data: RunSnapshot }[] = [];
    while (!deltas.some((delta) => delta.data.points.length > 0)) deltas.push(await nextMessage());
    expect(deltas.map((delta) => delta.event)).toEqual(deltas.map(() => 'delta'));
    const ids = [snapshot.id, ...deltas.map((delta) => delta.id)].map(Number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(deltas.flatMap((delta) => delta.data.points.map((point) => point.candidateId))).toEqual([
      grandchild,
    ]);
    expect(new Set(deltas.flatMap((delta) => delta.data.nodes.map((node) => node.id)))).toEqual(
      new Set([grandchild]),
    );
    expect(deltas.at(-1)?.data.overview.best?.score).toBe(3);
    await reader.cancel();
  });
});

describe('the dashboard app with a token', () => {
  let dir: string;
  let catalog: RunCatalog;
  let dashboard: DashboardApp;
  const token = 'a-token-of-enough-length-1234567890';

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-app-token-'));
    catalog = new RunCatalog(dir);
    dashboard = createDashboardApp({ catalog, assets, loopbackOnly: false, token });
  });
  afterAll(() => {
    dashboard.close();
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses every request without the token, pages and SSE included', async () => {
    for (const url of ['/', '/assets/app.js', '/api/runs', '/api/runs/x/stream']) {
      const response = await dashboard.app.request(url);
      expect(response.status, url).toBe(401);
    }
    const wrong = await dashboard.app.request('/api/runs', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await dashboard.app.request(`/api/runs?token=${token}x`)).status).toBe(401);
  });

  it('accepts the token as a bearer header, a query (setting a cookie) or that cookie', async () => {
    const bearer = await dashboard.app.request('/api/runs', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.status).toBe(200);

    const page = await dashboard.app.request(`/?token=${token}`);
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/');
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`${tokenCookie}=${token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');

    const api = await dashboard.app.request(`/api/runs?token=${token}`);
    expect(api.status).toBe(200);
    const withCookie = await dashboard.app.request('/api/runs', {
      headers: { cookie: `${tokenCookie}=${token}` },
    });
    expect(withCookie.status).toBe(200);
    expect(await withCookie.json()).toEqual([]);
  });
});

describe('SSE streams over a real socket', () => {
  it('stop following the run when the browser goes away', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-app-sse-'));
    const store = openSqliteEventStore(dir);
    SyntheticRun.start(store, { runId: 'run-s' });
    const catalog = new RunCatalog(dir);
    const dashboard = createDashboardApp({ catalog, assets, loopbackOnly: true, pollMs: 20 });
    const server = serve({ fetch: dashboard.app.fetch, hostname: '127.0.0.1', port: 0 });
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/runs/run-s/stream`);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      expect(dashboard.streams()).toBe(1);
      await reader.cancel();
      await expect.poll(() => dashboard.streams()).toBe(0);
    } finally {
      dashboard.close();
      server.close();
      catalog.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
