/**
 * bench:dashboard — what the dashboard costs on big runs: folding a run's log from SQLite, the size and
 * build time of a snapshot, one incremental refresh, and (in headless Chromium) the time until the run
 * view shows the whole chart and tree.
 *
 *   npx tsx bench/dashboard.ts            # 2,000 and 10,000 evaluations
 *   npx tsx bench/dashboard.ts --quick    # 2,000 only
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium } from '../src/server/chromium.ts';
import { startDashboardServer } from '../src/server/dashboard-server.ts';
import { RunCatalog } from '../src/server/run-catalog.ts';
import { SyntheticRun } from '../src/server/testing/synthetic-run.ts';
import { openSqliteEventStore } from '../src/store/sqlite-event-store.ts';

const sizes = process.argv.includes('--quick') ? [2000] : [2000, 10_000];

function program(step: number): string {
  return `import math\n\n# EVOLVE-BLOCK-START\nSTEP = ${step}\nSCALE = ${(1 + step / 1000).toFixed(4)}\n# EVOLVE-BLOCK-END\nprint(SCALE * math.pi)\n`;
}

for (const evaluations of sizes) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ratchet-bench-dashboard-'));
  try {
    const store = openSqliteEventStore(dir);
    const run = SyntheticRun.start(store, { runId: 'bench', stepMs: 50 });
    const parents = [run.seedId];
    for (let step = 1; step < evaluations; step++) {
      const parent = parents[Math.floor(parents.length * (1 - (step % 7) / 10))] ?? run.seedId;
      const id = run.propose({
        parentId: parent,
        files: [{ path: 'main.py', content: program(step) }],
        score: Math.log1p(step) + (step % 5) / 10,
        prompt: `improve ${step}`.repeat(40),
      });
      if (step % 3 === 0) parents.push(id);
    }
    run.end();
    const events = store.getRun('bench')?.eventCount ?? 0;
    store.close();

    let started = performance.now();
    const catalog = new RunCatalog(dir);
    const projection = catalog.run('bench');
    const foldMs = performance.now() - started;
    started = performance.now();
    const json = JSON.stringify(projection.snapshot());
    const snapshotMs = performance.now() - started;
    catalog.close();

    const server = await startDashboardServer({ storeDir: dir, port: 0 });
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url); // bundle the client once, outside the timing
    await page.waitForSelector('.runs-table');
    started = performance.now();
    await page.goto(`${server.url}#/runs/bench`);
    await page.waitForSelector(`[data-chart="score-by-evaluation"][data-rows="${evaluations}"]`, {
      timeout: 120_000,
    });
    await page.waitForSelector('.tree-node');
    const viewMs = performance.now() - started;
    const visibleNodes = await page.locator('.tree-node').count();
    await browser.close();
    await server.close();

    console.log(
      `${evaluations} evaluations (${events} events): fold ${foldMs.toFixed(0)} ms · snapshot ${(json.length / 1e6).toFixed(2)} MB built+serialised in ${snapshotMs.toFixed(0)} ms · run view in Chromium ${viewMs.toFixed(0)} ms (${visibleNodes} tree nodes unfolded)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
