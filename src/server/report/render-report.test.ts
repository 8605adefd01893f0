import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '../../store/sqlite-event-store.ts';
import { type ReportData, reportDataElementId } from '../protocol.ts';
import { RunCatalog } from '../run-catalog.ts';
import { SyntheticRun, syntheticProblem } from '../testing/synthetic-run.ts';
import { escapeHtml, inlineJson, renderReport } from './render-report.ts';
import { buildReportData } from './report-data.ts';

const payload = '</script><script>alert(1)</script><!-- "><img src=x onerror=alert(2)>';

describe('the report', () => {
  let dir: string;
  let data: ReportData;
  let html: string;
  let ids: { seed: string; middle: string; best: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-report-'));
    const store = openSqliteEventStore(dir);
    const run = SyntheticRun.start(store, {
      runId: 'run-r',
      problem: syntheticProblem({ name: `packing ${payload}` }),
      seedScore: 1,
    });
    const middle = run.propose({
      parentId: run.seedId,
      files: [{ path: 'main.py', content: 'x = 2\nprint(x)\n' }],
      score: 2,
      summary: 'x 1 → 2',
    });
    run.propose({
      parentId: run.seedId,
      files: [{ path: 'main.py', content: 'x = 0\nprint(x)\n' }],
      score: 0,
    });
    const best = run.propose({
      parentId: middle,
      files: [{ path: 'main.py', content: `x = 3  # ${payload}\nprint(x)\n` }],
      score: 3,
      feedback: payload,
    });
    run.end();
    store.close();
    ids = { seed: run.seedId, middle, best };
    const catalog = new RunCatalog(dir);
    data = buildReportData(catalog, 'run-r', 1_700_000_000_000);
    catalog.close();
    html = await renderReport(data);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the best candidate, its diff from the seed and its lineage', () => {
    expect(data.best?.candidateId).toBe(ids.best);
    expect(data.best?.diffFromSeed[0]?.hunks[0]?.lines).toEqual([
      '-x = 1',
      `+x = 3  # ${payload}`,
      ' print(x)',
    ]);
    expect(data.bestLineage.map((step) => [step.candidateId, step.score])).toEqual([
      [ids.seed, 1],
      [ids.middle, 2],
      [ids.best, 3],
    ]);
    expect(data.bestLineage[1]?.summary).toBe('x 1 → 2');
    expect(data.points).toHaveLength(4);
  });

  it('is one file whose CSP allows exactly its own inline script and style, and no network', () => {
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/
      .exec(html)?.[1]
      ?.replace(/&#39;/g, "'");
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] as string);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] as string);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`script-src ${hash(scripts[0] as string)}`);
    expect(policy).toContain(`style-src ${hash(styles[0] as string)}`);
    expect(html).not.toMatch(/\b(src|href)="https?:/);
  });

  it('keeps every string of the run inside its JSON block', () => {
    expect(html).not.toContain(payload);
    expect(html).not.toContain('<img');
    const block = new RegExp(
      `<script type="application/json" id="${reportDataElementId}">([^<]*)</script>`,
    ).exec(html);
    expect(block).not.toBeNull();
    expect(JSON.parse(block?.[1] as string)).toEqual(JSON.parse(JSON.stringify(data)));
    expect(html).toContain(`<title>Ratchet report · packing ${escapeHtml(payload)} · run-r</title>`);
  });

  it('escapes what could end a script block or an attribute', () => {
    expect(inlineJson({ a: '</script>&<!--\u2028' })).toBe(
      '{"a":"\\u003c/script\\u003e\\u0026\\u003c!--\\u2028"}',
    );
    expect(escapeHtml(`"'<>&`)).toBe('&#34;&#39;&#60;&#62;&#38;');
  });
});
