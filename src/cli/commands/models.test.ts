/**
 * `ratchet models …` and the setup `ratchet run --model local` does first, through the real CLI in a
 * child process, with a temporary cache and a local stand-in for Hugging Face (no network).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let folder: string;
let cache: string;
let problem: string;
let silentServer: Server;
let silentEndpoint: string;

function ratchet(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin', 'ratchet.js'), ...args],
      { env: { ...process.env, RATCHET_CACHE_DIR: cache, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'ratchet-models-'));
  cache = path.join(folder, 'cache');
  problem = path.join(folder, 'problem');
  await cp(path.join(root, 'examples', 'function-minimization'), problem, { recursive: true });
  // accepts connections and never answers: what a dead network looks like from here
  silentServer = createServer(() => {});
  await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
  silentEndpoint = `http://127.0.0.1:${(silentServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  silentServer.closeAllConnections();
  await new Promise((resolve) => silentServer.close(resolve));
  await rm(folder, { recursive: true, force: true });
});

describe('ratchet run --model local, before the run', () => {
  it('stops at once without a TTY or --yes, saying what to run', async () => {
    const result = await ratchet(['run', problem, '--model', 'local']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/node-llama-cpp, which is not installed yet/);
    expect(result.stderr).toMatch(/ratchet models install/);
  });

  it('offline, fails the model download with what to do instead, not a hang', async () => {
    const result = await ratchet(['run', problem, '--model', 'local', '--yes'], {
      HF_ENDPOINT: silentEndpoint,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot download the local model local:qwen2\.5-coder-1\.5b/);
    expect(result.stderr).toMatch(/no answer from 127\.0\.0\.1:\d+ within 5 s/);
    expect(result.stderr).toMatch(/OPENAI_API_KEY/);
    expect(result.stderr).toMatch(/--model local:\/path\/to\/model\.gguf/);
    expect(result.stderr).toMatch(/--model mutate/);
  });
});

describe('ratchet models', () => {
  it('lists an empty cache and the models that can be downloaded', async () => {
    const result = await ratchet(['models', 'list', '--json']);
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout);
    expect(listing).toMatchObject({ cacheDir: cache, runtime: { installed: false, bytes: 0 }, models: [] });
    expect(listing.catalog[0]).toMatchObject({
      name: 'qwen2.5-coder-1.5b',
      repo: 'Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF',
    });
  });

  it('lists a downloaded model with its size and removes it', async () => {
    const file = path.join(cache, 'models', 'huggingface', 'org', 'repo', 'main', 'm.gguf');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, Buffer.alloc(2_500_000));
    const record = {
      model: 'local:hf:org/repo/m.gguf',
      path: file,
      bytes: 2_500_000,
      sha256: 'ab'.repeat(32),
    };
    await writeFile(`${file}.json`, JSON.stringify({ ...record, url: 'x', downloadedAt: 'now' }));
    const listed = await ratchet(['models', 'list']);
    expect(listed.stdout).toMatch(/local:hf:org\/repo\/m\.gguf {2}2\.5 MB {2}sha256 abababababab…/);
    const removed = await ratchet(['models', 'remove', 'local:hf:org/repo/m.gguf']);
    expect(removed).toMatchObject({ code: 0, stdout: 'removed local:hf:org/repo/m.gguf\n' });
    expect((await ratchet(['models', 'list'])).stdout).toMatch(/downloaded models: none/);
  });

  it('leaves the user’s own files alone and asks what to remove', async () => {
    const own = await ratchet(['models', 'remove', `local:${path.join(folder, 'mine.gguf')}`]);
    expect(own.code).toBe(2);
    expect(own.stderr).toMatch(/your own file/);
    expect((await ratchet(['models', 'remove'])).stderr).toMatch(/say what to remove/);
  });
});
