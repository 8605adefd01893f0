import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstLine, stop } from '../../../test/browser/processes.ts';
import { startCli } from '../../../test/helpers/cli.ts';

describe('ratchet ui', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ratchet-ui-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves loopback without a token, and stops cleanly on SIGTERM', async () => {
    const child = startCli(['ui', '--store', dir, '--port', '0']);
    const { line: url } = await firstLine(child, /^http:\/\//);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const runs = await fetch(`${url}api/runs`);
    expect(runs.status).toBe(200);
    expect(await runs.json()).toEqual([]);
    expect(await stop(child)).toBe(0);
  });

  it('on another host, generates a token, prints it once in the address, and requires it', async () => {
    const child = startCli(['ui', '--store', dir, '--port', '0', '--host', '0.0.0.0']);
    const { line: url, stderr } = await firstLine(child, /^http:\/\//);
    try {
      const parsed = new URL(url);
      const token = parsed.searchParams.get('token') ?? '';
      expect(token.length).toBeGreaterThanOrEqual(40);
      expect(stderr).not.toContain(token);
      const base = `http://127.0.0.1:${parsed.port}`;
      expect((await fetch(`${base}/api/runs`)).status).toBe(401);
      expect(
        (await fetch(`${base}/api/runs`, { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(200);
    } finally {
      await stop(child);
    }
  });

  it('refuses a port that is not a number', async () => {
    const child = startCli(['ui', '--store', dir, '--port', 'eighty']);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
  });
});
