import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import { type CachePaths, cachePaths } from './cache-dir.ts';
import { inspectLocalModel, prepareLocalModel } from './prepare-local-model.ts';

let folder: string;
let paths: CachePaths;
let server: Server | undefined;
const weights = Buffer.from('GGUF pretend weights');

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'ratchet-prepare-'));
  paths = cachePaths(path.join(folder, 'cache'));
});

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await rm(folder, { recursive: true, force: true });
});

async function huggingFaceStandIn(): Promise<string> {
  const sha256 = createHash('sha256').update(weights).digest('hex');
  const standIn = createServer((request, response) => {
    if (request.url?.includes('/resolve/')) {
      response.writeHead(302, {
        location: '/blob',
        'x-linked-size': String(weights.length),
        'x-linked-etag': sha256,
      });
      response.end();
    } else response.end(weights);
  });
  server = standIn;
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
}

describe('inspectLocalModel', () => {
  it('says what is missing: the download with its size, and the runtime', async () => {
    const plan = await inspectLocalModel('local', { paths });
    expect(plan).toMatchObject({
      label: 'qwen2.5-coder-1.5b',
      modelPath: undefined,
      runtime: { installed: false },
    });
    expect(plan.downloadBytes).toBeGreaterThan(1e9);
    const own = path.join(folder, 'own.gguf');
    await writeFile(own, weights);
    expect(await inspectLocalModel(`local:${own}`, { paths })).toMatchObject({
      modelPath: own,
      downloadBytes: 0,
    });
  });
});

describe('prepareLocalModel', () => {
  it('downloads once, and leaves the runtime alone unless asked to install it', async () => {
    const env = { HF_ENDPOINT: await huggingFaceStandIn() };
    const starts: string[] = [];
    const first = await prepareLocalModel('local:hf:org/repo/m.gguf', {
      paths,
      env,
      installRuntime: false,
      onDownloadStart: (plan) => starts.push(plan.label),
    });
    expect(first).toMatchObject({ downloaded: true, runtimeInstall: undefined });
    const again = await prepareLocalModel('local:hf:org/repo/m.gguf', { paths, env, installRuntime: false });
    expect(again).toEqual({ modelPath: first.modelPath, downloaded: false, runtimeInstall: undefined });
    expect(starts).toEqual(['org/repo/m.gguf']);
  });

  it('refuses a file that is not there', async () => {
    const error = await prepareLocalModel(`local:${path.join(folder, 'gone.gguf')}`, {
      paths,
      env: {},
      installRuntime: false,
    }).catch((caught: unknown) => caught);
    expect(RatchetError.is(error) && error.code).toBe('not-found');
    expect((error as Error).message).toMatch(/no file at .*gone\.gguf/);
  });
});
