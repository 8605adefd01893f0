/**
 * `ratchet report`: one HTML file that opens from disk in Chromium with no network at all and shows the
 * curves and the best candidate's diff from the seed; `--png` saves the curves as an image.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { runCli } from '../helpers/cli.ts';
import { hostile, type SearchRun, writeHostileRun, writeSearchRun } from './fixtures.ts';
import { artifactsDir, launchBrowser, screenshot, watchPage } from './harness.ts';

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('ratchet report', { timeout: 240_000 }, () => {
  let dir: string;
  let browser: Browser;
  let search: SearchRun;
  let hostileRunId: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-report-browser-'));
    const store = openSqliteEventStore(path.join(dir, 'store'));
    search = writeSearchRun(store, 'circle-packing-report', 40, 0.35);
    hostileRunId = writeHostileRun(store).runId;
    store.close();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('opens from disk with no network and shows the curve and the best diff', async () => {
    const output = path.join(dir, 'report.html');
    const png = path.join(dir, 'curves.png');
    const result = await runCli([
      'report',
      'circle-packing-rep', // a unique prefix of the run id
      '--store',
      path.join(dir, 'store'),
      '-o',
      output,
      '--png',
      png,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(output);

    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    context.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(pathToFileURL(output).href);
    await page.waitForSelector('body[data-ready="true"] #curves canvas');
    expect(await page.locator('#curves [data-chart="score-by-evaluation"]').getAttribute('data-rows')).toBe(
      '40',
    );
    // something is drawn: the canvas is not blank
    const inked = await page
      .locator('#curves [data-chart="score-by-evaluation"] canvas')
      .evaluate((canvas) => {
        const element = canvas as HTMLCanvasElement;
        const pixels = element.getContext('2d')?.getImageData(0, 0, element.width, element.height).data ?? [];
        let count = 0;
        for (let index = 3; index < pixels.length; index += 4) if ((pixels[index] ?? 0) > 0) count += 1;
        return count;
      });
    expect(inked).toBeGreaterThan(1000);
    const heading = await page.locator('#best h2').textContent();
    expect(heading).toContain(search.best.slice(0, 12));
    const added = await page.locator('#best .diff-add .diff-text').allTextContents();
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/radii = np\.full\(n, 0\.\d{4}\) {2}# step \d+/);
    expect(await page.locator('#best .diff-del .diff-text').allTextContents()).toEqual([
      '    radii = np.full(n, 0.0500)  # step 0',
    ]);
    expect(await page.locator('#lineage tbody tr').count()).toBeGreaterThan(2);
    expect(await page.locator('.config-list').textContent()).toContain('maximize sum_radii');
    expect(requests).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    await screenshot(page, 'report');
    await context.close();

    const size = pngSize(png);
    expect(size.width).toBeGreaterThan(1000);
    expect(size.height).toBeGreaterThan(300);
    mkdirSync(artifactsDir, { recursive: true });
    copyFileSync(png, path.join(artifactsDir, 'report-curves.png'));
  });

  it('shows hostile strings of a run as text', async () => {
    const output = path.join(dir, 'hostile.html');
    const result = await runCli(['report', hostileRunId, '--store', path.join(dir, 'store'), '-o', output]);
    expect(result.code, result.stderr).toBe(0);
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(pathToFileURL(output).href);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForTimeout(300);
    expect(watch.dialogs).toEqual([]);
    expect(await page.locator('img, iframe, svg[onload], [onerror]').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2); // the data block and the report's script
    expect(await page.locator('h1').textContent()).toContain(hostile);
    expect(await page.title()).toContain(hostile);
    await context.close();
  });
});
