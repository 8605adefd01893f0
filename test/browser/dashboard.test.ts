/**
 * The dashboard in real headless Chromium, over a real store: the runs list, the lineage tree and the
 * candidate view, hostile strings, strategy panels, the compare view, and the token on a
 * non-loopback bind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, startDashboardServer } from '../../src/server/dashboard-server.ts';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import {
  type HostileRun,
  hostile,
  type SearchRun,
  writeHostileRun,
  writeSearchRun,
  writeSimulatedRun,
} from './fixtures.ts';
import { launchBrowser, screenshot, watchPage } from './harness.ts';

describe('the dashboard in Chromium', { timeout: 240_000 }, () => {
  let dir: string;
  let server: DashboardServer;
  let browser: Browser;
  let searchA: SearchRun;
  let searchB: SearchRun;
  let hostileRun: HostileRun;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-browser-'));
    const store = openSqliteEventStore(dir);
    searchA = writeSearchRun(store, 'circle-packing-a', 36, 0.35);
    searchB = writeSearchRun(store, 'circle-packing-b', 28, 0.25);
    hostileRun = writeHostileRun(store);
    writeSimulatedRun(store, 'toy-islands', 'islands', 60);
    writeSimulatedRun(store, 'toy-tree', 'tree', 40);
    store.close();
    server = await startDashboardServer({ storeDir: dir, port: 0 });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const open = async (hash: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}${hash}`);
    return page;
  };

  it('loads the runs list', async () => {
    const page = await open('');
    const watch = watchPage(page);
    await page.waitForSelector('.runs-table');
    const rows = page.locator('.runs-table tbody tr');
    expect(await rows.count()).toBe(5);
    await expect
      .poll(() => page.locator(`tr[data-run-id="${searchA.runId}"] td`).nth(2).textContent())
      .toBe('circle-packing');
    expect(await page.locator(`tr[data-run-id="${searchA.runId}"]`).textContent()).toContain('completed');
    await screenshot(page, 'dashboard-runs-list');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('opens a candidate with its diff when a lineage tree node is clicked', async () => {
    const page = await open(`#/runs/${searchA.runId}`);
    const watch = watchPage(page);
    await page.waitForSelector('.tree-node');
    await expect
      .poll(() => page.locator('[data-chart="score-by-evaluation"]').getAttribute('data-rows'))
      .toBe('36');
    expect(await page.locator('.tree-node').count()).toBe(36);
    await screenshot(page, 'dashboard-run-view');

    const target = searchA.ids[4] as string;
    await page.locator(`.tree-node[data-candidate-id="${target}"] circle`).click();
    await page.waitForSelector(`.candidate-view[data-candidate-id="${target}"] .diff-view`);
    expect(page.url()).toContain(`/candidates/${target}`);
    const added = await page.locator('.candidate-view .diff-add .diff-text').allTextContents();
    const removed = await page.locator('.candidate-view .diff-del .diff-text').allTextContents();
    expect(added).toEqual(['    radii = np.full(n, 0.0516)  # step 4']);
    expect(removed).toEqual(['    radii = np.full(n, 0.0508)  # step 2']); // step 3 failed: step 4 grew from step 2
    // the prompt and the answer that produced it, and highlighted content
    expect(await page.locator('.llm-message.role-user pre').textContent()).toContain('Improve the packing.');
    expect(await page.locator('.llm-response pre').textContent()).toContain('>>>>>>> REPLACE');
    expect(await page.locator('.code-view .tok-keyword').first().textContent()).toBe('import');
    await screenshot(page, 'dashboard-candidate-view');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('renders hostile strings from candidates, evaluators and models as text and runs nothing', async () => {
    const pages = [
      '',
      `#/runs/${encodeURIComponent(hostileRun.runId)}`,
      `#/runs/${encodeURIComponent(hostileRun.runId)}/candidates/${hostileRun.candidateId}`,
    ];
    for (const hash of pages) {
      const page = await open(hash);
      const watch = watchPage(page);
      await page.waitForSelector(
        hash === '' ? '.runs-table' : hash.includes('candidates') ? '.diff-view' : '.tree-node',
      );
      await page.waitForTimeout(300); // give any injected handler the chance to fire
      expect(watch.dialogs, hash).toEqual([]);
      expect(watch.errors, hash).toEqual([]);
      expect(await page.locator('img, iframe, object, embed').count(), hash).toBe(0);
      expect(await page.locator('svg[onload], [onerror], [onload]').count(), hash).toBe(0);
      expect(await page.locator('script').count(), hash).toBe(1); // the app's own
      expect(await page.locator('body').textContent(), hash).toContain(hostile);
      if (hash.includes('candidates')) {
        expect(await page.locator('.feedback').textContent()).toBe(`feedback ${hostile}`);
        expect(await page.locator('.file-name').allTextContents()).toContain(hostileRun.fileName);
        expect(await page.locator('.metrics-table th').allTextContents()).toContain(hostileRun.metricName);
        expect(await page.locator('.llm-response pre').textContent()).toBe(`response ${hostile}`);
        await screenshot(page, 'dashboard-hostile-candidate');
      }
      if (hash.includes('runs/') && !hash.includes('candidates'))
        await screenshot(page, 'dashboard-hostile-run');
      await page.close();
    }
  });

  it('has a CSP that would stop injected inline script even if markup got in', async () => {
    const page = await open('');
    const watch = watchPage(page);
    await page.waitForSelector('.runs-table');
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="alert(\'injected\')">');
      const script = document.createElement('script');
      script.textContent = 'alert("inline")';
      document.body.append(script);
    });
    await page.waitForTimeout(300);
    expect(watch.dialogs).toEqual([]);
    expect(watch.cspViolations.length).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it('renders strategy panels by kind (islands grids and tables, a search tree)', async () => {
    const page = await open('#/runs/toy-islands');
    await page.waitForSelector('.panel');
    expect(await page.locator('.panel[data-panel-kind="grid"] .grid-table').count()).toBeGreaterThan(1);
    expect(await page.locator('.panel[data-panel-kind="grid"] .grid-cell a').count()).toBeGreaterThan(0);
    expect(
      await page.locator('.panel[data-panel-kind="table"] .panel-table tbody tr').count(),
    ).toBeGreaterThan(0);
    expect(await page.locator('.panel .panel-json').count()).toBe(0);
    await page.locator('.panels').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-panels-islands');
    await page.goto(`${server.url}#/runs/toy-tree`);
    await page.waitForSelector('.panel[data-panel-kind="tree"] details');
    expect(await page.locator('.panel .panel-json').count()).toBe(0);
    await page.close();
  });

  it('compares the best-so-far curves of selected runs', async () => {
    const page = await open('');
    await page.waitForSelector('.runs-table');
    await page.locator(`tr[data-run-id="${searchA.runId}"] input[type="checkbox"]`).check();
    await page.locator(`tr[data-run-id="${searchB.runId}"] input[type="checkbox"]`).check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    await page.waitForSelector('[data-chart="compare-by-evaluation"] canvas');
    expect(await page.locator('[data-chart="compare-by-evaluation"]').getAttribute('data-rows')).toBe('36');
    const legend = await page.locator('[data-chart="compare-by-evaluation"] .u-legend').textContent();
    expect(legend).toContain(searchA.runId);
    expect(legend).toContain(searchB.runId);
    await screenshot(page, 'dashboard-compare');
    await page.close();
  });
});

describe('the dashboard on a non-loopback address', { timeout: 240_000 }, () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-browser-token-'));
    const store = openSqliteEventStore(dir);
    writeSearchRun(store, 'tokened-run', 12, 0.3);
    store.close();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('refuses to bind without a token, and refuses requests that lack it', async () => {
    await expect(startDashboardServer({ storeDir: dir, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /without an access token/,
    );

    const token = 'browser-test-token-0123456789abcdef';
    const server = await startDashboardServer({ storeDir: dir, host: '0.0.0.0', port: 0, token });
    const base = `http://127.0.0.1:${server.port}/`;
    try {
      const page = await browser.newPage();
      const refused = await page.goto(base);
      expect(refused?.status()).toBe(401);
      expect(await page.locator('body').textContent()).toContain('needs its access token');
      const api = await page.goto(`${base}api/runs`);
      expect(api?.status()).toBe(401);

      // with the token: the cookie carries it to the API and to the SSE stream
      await page.goto(`${base}?token=${token}`);
      expect(new URL(page.url()).search).toBe('');
      await page.waitForSelector('tr[data-run-id="tokened-run"]');
      await page.locator('a.run-link').click();
      await page.waitForSelector('.connection[data-connection="live"]');
      await expect
        .poll(() => page.locator('[data-chart="score-by-evaluation"]').getAttribute('data-rows'))
        .toBe('12');
      await page.close();

      const other = await browser.newPage();
      expect((await other.goto(`${base}?token=wrong-${token}`))?.status()).toBe(401);
      await other.close();
    } finally {
      await server.close();
    }
  });
});
