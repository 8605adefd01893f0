/**
 * A real run, watched live: `ratchet run` (proposals from the mock LLM over HTTP, evaluations in the
 * sandbox) writes to a store while `ratchet ui`, another process, serves it; Chromium shows new
 * evaluations on the chart without a reload.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlmServer } from '../../src/llm/mock-llm-server.ts';
import { startCli } from '../helpers/cli.ts';
import { launchBrowser, screenshot, watchPage } from './harness.ts';
import { firstLine, stop } from './processes.ts';

const evaluations = 30;

describe('a live run in the dashboard', { timeout: 240_000 }, () => {
  let dir: string;
  let mock: MockLlmServer;
  let ui: ChildProcess | undefined;
  let run: ChildProcess | undefined;
  let browser: Browser;
  let runOutput = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-live-'));
    mock = await startMockLlmServer({ latencyMs: 400, seed: 5 });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await stop(run);
    await stop(ui);
    await browser?.close();
    await mock?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('shows new evaluations on the chart without a reload', async () => {
    // the dashboard starts first, on a store where nothing has run yet
    ui = startCli(['ui', '--store', dir, '--port', '0']);
    const { line: url } = await firstLine(ui, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    await page.goto(url);
    await page.waitForSelector('.runs-body p');
    expect(await page.locator('.runs-body').textContent()).toContain('No runs in this store yet');

    run = startCli([
      'run',
      'examples/function-minimization',
      '--model',
      `compatible:mock@${mock.url}`,
      '--store',
      dir,
      '--max-evaluations',
      String(evaluations),
      '--llm-concurrency',
      '1',
      '--no-progress',
    ]);
    run.stderr?.on('data', (chunk: Buffer) => {
      runOutput += chunk.toString();
    });
    const runEnded = new Promise<number | null>((resolve) => run?.on('close', resolve));

    // the run appears in the list by itself, then its view follows it over SSE
    await page.locator('a.run-link').click({ timeout: 60_000 });
    await page.waitForSelector('.connection[data-connection="live"]');
    const chart = page.locator('[data-chart="score-by-evaluation"]');
    await expect
      .poll(async () => Number(await chart.getAttribute('data-rows')), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const before = Number(await chart.getAttribute('data-rows'));
    await page.evaluate(() => {
      (window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true;
    });
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await expect
      .poll(async () => Number(await chart.getAttribute('data-rows')), { timeout: 60_000 })
      .toBeGreaterThan(before);
    expect(
      await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage),
    ).toBe(true);
    expect(navigations).toBe(0);
    await expect
      .poll(async () => Number(await chart.getAttribute('data-rows')), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(12);
    await screenshot(page, 'live-run-view-during-run');

    // to the end: every evaluation arrived, the status turned, still the same page
    expect(await runEnded, runOutput).toBe(0);
    await expect
      .poll(() => page.locator('.subtitle .badge').textContent(), { timeout: 30_000 })
      .toBe('completed');
    await expect.poll(() => chart.getAttribute('data-rows'), { timeout: 30_000 }).toBe(String(evaluations));
    expect(Number(await page.locator('.stat-value').nth(4).textContent())).toBeGreaterThan(0); // LLM calls
    expect(
      await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage),
    ).toBe(true);
    await screenshot(page, 'live-run-view');

    // the best candidate of a real run: its diff, and the mock LLM's prompt and answer
    await page.locator('a.best-link').click();
    await page.waitForSelector('.candidate-view .diff-view');
    expect(await page.locator('.candidate-view .diff-add').count()).toBeGreaterThan(0);
    expect(await page.locator('.llm-response pre').first().textContent()).toContain('REPLACE');
    await screenshot(page, 'live-candidate-view');
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
