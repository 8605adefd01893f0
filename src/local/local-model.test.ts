/**
 * The real loading and generation path, without a network: the test writes a tiny random llama model,
 * and `local:<path>` loads it with node-llama-cpp and generates through the normal proposer path. The
 * runtime comes from Ratchet's cache when it is installed there; otherwise it is installed into a
 * temporary cache first (npm; about half a minute).
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import { createLlmClient } from '../llm/create-llm-client.ts';
import { createProposer } from '../llm/create-proposer.ts';
import { sampleContext } from '../llm/proposal-fixture.ts';
import { cachePaths, resolveCacheDir } from './cache-dir.ts';
import { disposeLocalModels, openLocalModel } from './open-local-model.ts';
import { installRuntime, runtimeStatus } from './runtime-install.ts';
import { tinyLlamaGguf } from './tiny-llama-gguf.ts';

let cacheRoot: string;
let modelPath: string;
let env: Record<string, string>;

beforeAll(async () => {
  cacheRoot = await mkdtemp(path.join(os.tmpdir(), 'ratchet-local-'));
  const installed = cachePaths(resolveCacheDir(process.env));
  if ((await runtimeStatus(installed)).installed) {
    await symlink(installed.runtime, cachePaths(cacheRoot).runtime, 'dir');
  } else {
    const result = await installRuntime({ paths: cachePaths(cacheRoot) });
    console.log(
      `installed node-llama-cpp in ${result.seconds.toFixed(1)} s (${(result.bytes / 1e6).toFixed(0)} MB)`,
    );
  }
  modelPath = path.join(cacheRoot, 'tiny-llama.gguf');
  await writeFile(modelPath, tinyLlamaGguf({ contextLength: 8192 }));
  env = { RATCHET_CACHE_DIR: cacheRoot, RATCHET_LOCAL_GPU: 'off' };
}, 600_000);

afterAll(async () => {
  await disposeLocalModels();
  await rm(cacheRoot, { recursive: true, force: true });
});

describe('a local model written by the test', () => {
  it('is a few hundred KB and loads with the ChatML fallback, a context within its training length', async () => {
    const bytes = tinyLlamaGguf({ contextLength: 8192 }).length;
    expect(bytes).toBeGreaterThan(100_000);
    expect(bytes).toBeLessThan(1_000_000);
    const engine = await openLocalModel({ kind: 'file', path: modelPath }, { env });
    expect(engine.info).toMatchObject({
      modelPath,
      gpu: false,
      chatTemplate: 'fallback',
      chatWrapper: 'ChatML',
    });
    expect(engine.info.contextSize).toBeGreaterThanOrEqual(2048);
    expect(engine.info.contextSize).toBeLessThanOrEqual(8192);
    expect(engine.info.threads).toBeGreaterThanOrEqual(1);
  });

  it('generates text through createLlmClient, with input and output tokens counted', async () => {
    const model = `local:${modelPath}`;
    const client = createLlmClient(model, { env });
    const response = await client.complete(
      {
        model,
        messages: [
          { role: 'system', content: 'You improve Python programs.' },
          { role: 'user', content: 'def area(r):\n    return 3.14 * r * r\n' },
        ],
        maxOutputTokens: 24,
        temperature: 0.8,
        seed: 7,
      },
      {},
    );
    expect(response.text.length).toBeGreaterThan(0);
    expect(response.usage.inputTokens).toBeGreaterThan(30);
    expect(response.usage.outputTokens).toBeGreaterThan(0);
    expect(response.usage.outputTokens).toBeLessThanOrEqual(24);
    expect(['length', 'stop']).toContain(response.finishReason);
    expect(response.attempts).toBe(1);
  });

  it('turns its noise into a failed proposal through createProposer, not a crash', async () => {
    const model = { model: `local:${modelPath}`, weight: 1, maxOutputTokens: 48, temperature: 0.9 };
    const llm = createLlmClient(model.model, { env });
    const calls: number[] = [];
    const counted = {
      model: llm.model,
      async complete(...args: Parameters<typeof llm.complete>) {
        const response = await llm.complete(...args);
        calls.push(response.usage.inputTokens, response.usage.outputTokens);
        return response;
      },
    };
    const result = await createProposer(model).propose(sampleContext({ model, llm: counted }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).not.toMatch(/llm error/);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toBeGreaterThan(200);
    expect(calls[1]).toBeGreaterThan(0);
  });

  it('fails a call whose prompt does not fit the context, as an llm error the proposer reports', async () => {
    const model = `local:${modelPath}`;
    const client = createLlmClient(model, { env: { ...env, RATCHET_LOCAL_CONTEXT: '256' }, maxRetries: 0 });
    const error = await client
      .complete({ model, messages: [{ role: 'user', content: 'x = 1\n'.repeat(200) }] }, {})
      .catch((caught: unknown) => caught);
    expect(RatchetError.is(error) && error.code).toBe('llm');
    expect(String((error as Error).message)).toMatch(/context holds 256/);
  });
});

describe('a local model without its runtime', () => {
  it('is a setup error that names the command to run, not a failed call', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'ratchet-local-empty-'));
    try {
      const model = `local:${modelPath}`;
      const client = createLlmClient(model, { env: { RATCHET_CACHE_DIR: empty } });
      const error = await client
        .complete({ model, messages: [{ role: 'user', content: 'hi' }] }, {})
        .catch((caught: unknown) => caught);
      expect(RatchetError.is(error)).toBe(true);
      const ratchetError = error as RatchetError;
      expect(ratchetError.code).toBe('not-found');
      expect(ratchetError.message).toMatch(/runtime \(node-llama-cpp\) is not installed/);
      expect(ratchetError.hint).toMatch(/ratchet models install/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
