import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/ratchet.js');

describe('ratchet mock-llm', () => {
  it('prints its URL, serves requests, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'mock-llm', '--port', '0', '--seed', '2', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const line = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
      });
      child.once('exit', () => reject(new Error(`mock-llm exited early: ${stderr}`)));
    });
    const { url, model } = JSON.parse(line) as { url: string; model: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(model).toBe(`compatible:mock@${url}`);
    const models = (await (await fetch(`${url}/models`)).json()) as { data: unknown[] };
    expect(models.data).toHaveLength(1);
    const response = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'mock',
        messages: [{ role: 'user', content: '## Current program\n```python\nx = 0.5\n```' }],
      }),
    });
    expect(((await response.json()) as { choices: unknown[] }).choices).toHaveLength(1);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).toMatch(/mock-llm stopped: 1 requests, 1 completions/);
  });

  it('rejects a fault rate outside [0, 1] as bad input (exit 2)', () => {
    const result = spawnSync(process.execPath, [bin, 'mock-llm', '--fail-500', '1.5'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/expected a rate between 0 and 1/);
  });
});
