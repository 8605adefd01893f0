import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import { cachePaths } from './cache-dir.ts';
import { DownloadError, type DownloadProgress, downloadFile } from './download-file.ts';
import { parseLocalModel } from './local-model-string.ts';
import { fetchModel, huggingFaceExpectation, listCachedModels, removeCachedModel } from './model-store.ts';

const content = randomBytes(300_000);
const sha256 = createHash('sha256').update(content).digest('hex');

let folder: string;
const servers: Server[] = [];
const ranges: (string | undefined)[] = [];

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function serve(handler: Handler): Promise<string> {
  const server = createServer((request, response) => {
    ranges.push(request.headers.range);
    handler(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Like Hugging Face: /resolve/… redirects to /cdn/… with the LFS size and sha256 in headers; ranges work. */
const huggingFaceLike: Handler = (request, response) => {
  if (request.url?.includes('/resolve/')) {
    response.writeHead(302, {
      location: '/cdn/blob',
      'x-linked-size': String(content.length),
      'x-linked-etag': `"${sha256}"`,
    });
    response.end();
    return;
  }
  const start = Number(/bytes=(\d+)-/.exec(request.headers.range ?? '')?.[1] ?? 0);
  if (start >= content.length) {
    response.writeHead(416, { 'content-range': `bytes */${content.length}` });
    response.end();
    return;
  }
  response.writeHead(start > 0 ? 206 : 200, {
    'content-length': String(content.length - start),
    ...(start > 0 ? { 'content-range': `bytes ${start}-${content.length - 1}/${content.length}` } : {}),
  });
  response.end(content.subarray(start));
};

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'ratchet-download-'));
  ranges.length = 0;
});

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await rm(folder, { recursive: true, force: true });
});

async function failureOf(promise: Promise<unknown>): Promise<DownloadError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof DownloadError) return error;
  throw new Error(`expected a DownloadError, got ${String(error)}`);
}

describe('downloadFile', () => {
  it('follows the redirect, checks size and sha256 from the headers, and reports progress', async () => {
    const base = await serve(huggingFaceLike);
    const destination = path.join(folder, 'models', 'm.gguf');
    const progress: DownloadProgress[] = [];
    const result = await downloadFile({
      url: `${base}/org/repo/resolve/main/m.gguf`,
      destination,
      expectationFromHeaders: huggingFaceExpectation,
      onProgress: (each) => progress.push(each),
    });
    expect(result).toEqual({ path: destination, bytes: content.length, sha256, resumedFromBytes: 0 });
    expect((await readFile(destination)).equals(content)).toBe(true);
    expect(existsSync(`${destination}.part`)).toBe(false);
    expect(progress.at(-1)).toEqual({
      receivedBytes: content.length,
      totalBytes: content.length,
      resumedFromBytes: 0,
    });
  });

  it('continues a partial download with a Range request', async () => {
    const base = await serve(huggingFaceLike);
    const destination = path.join(folder, 'm.gguf');
    await writeFile(`${destination}.part`, content.subarray(0, 100_000));
    const result = await downloadFile({
      url: `${base}/x/resolve/main/m.gguf`,
      destination,
      expected: { sha256 },
    });
    expect(result.resumedFromBytes).toBe(100_000);
    expect(ranges).toContain('bytes=100000-');
    expect((await readFile(destination)).equals(content)).toBe(true);
  });

  it('starts again when the server ignores the range', async () => {
    const base = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': String(content.length) });
      response.end(content);
    });
    const destination = path.join(folder, 'm.gguf');
    await writeFile(`${destination}.part`, Buffer.alloc(1000, 7));
    const result = await downloadFile({
      url: `${base}/m.gguf`,
      destination,
      expected: { sha256, bytes: content.length },
    });
    expect(result).toMatchObject({ bytes: content.length, sha256, resumedFromBytes: 0 });
  });

  it('deletes a file whose hash does not match and says so', async () => {
    const base = await serve(huggingFaceLike);
    const destination = path.join(folder, 'm.gguf');
    const error = await failureOf(
      downloadFile({
        url: `${base}/x/resolve/main/m.gguf`,
        destination,
        expected: { sha256: '0'.repeat(64) },
      }),
    );
    expect(error.failure).toBe('verification');
    expect(error.message).toMatch(/expected 0000/);
    expect(existsSync(destination) || existsSync(`${destination}.part`)).toBe(false);
  });

  it('gives up on a server that never answers after headersTimeoutMs', async () => {
    const base = await serve(() => {});
    const error = await failureOf(
      downloadFile({
        url: `${base}/m.gguf`,
        destination: path.join(folder, 'm.gguf'),
        headersTimeoutMs: 300,
      }),
    );
    expect(error.failure).toBe('timeout');
    expect(error.message).toMatch(/no answer from 127\.0\.0\.1:\d+ within 0\.3 s/);
  });

  it('keeps what a stalled download got, so the next attempt resumes', async () => {
    const stalling = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': String(content.length) });
      response.write(content.subarray(0, 65_536));
    });
    const destination = path.join(folder, 'm.gguf');
    const error = await failureOf(
      downloadFile({ url: `${stalling}/m.gguf`, destination, stallTimeoutMs: 300, expected: { sha256 } }),
    );
    expect(error.failure).toBe('timeout');
    expect(error.message).toMatch(/stalled for 0\.3 s/);
    expect((await readFile(`${destination}.part`)).length).toBe(65_536);
    const good = await serve(huggingFaceLike);
    const result = await downloadFile({
      url: `${good}/x/resolve/main/m.gguf`,
      destination,
      expected: { sha256 },
    });
    expect(result.resumedFromBytes).toBe(65_536);
  });

  it('reports a refused connection as a network failure', async () => {
    const base = await serve(() => {});
    const closed = servers.pop() as Server;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failureOf(
      downloadFile({ url: `${base}/m.gguf`, destination: path.join(folder, 'm.gguf') }),
    );
    expect(error.failure).toBe('network');
    expect(error.message).toMatch(/cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});

describe('the model cache', () => {
  it('downloads a Hugging Face file once, records it, lists it and removes it', async () => {
    const base = await serve(huggingFaceLike);
    const paths = cachePaths(folder);
    const source = parseLocalModel('local:hf:org/repo-GGUF/m.gguf');
    if (source.kind !== 'huggingface') throw new Error('expected a Hugging Face source');
    const env = { HF_ENDPOINT: base };
    const file = await fetchModel(source, { paths, env });
    expect(file).toBe(path.join(folder, 'models', 'huggingface', 'org', 'repo-GGUF', 'main', 'm.gguf'));
    expect(await fetchModel(source, { paths, env })).toBe(file);
    expect(ranges.filter((range) => range === undefined)).toHaveLength(2);
    expect(await listCachedModels(paths)).toMatchObject([
      { model: 'local:hf:org/repo-GGUF/m.gguf', path: file, bytes: content.length, sha256 },
    ]);
    expect(await removeCachedModel(paths, source)).toBe(true);
    expect(await listCachedModels(paths)).toEqual([]);
  });

  it('turns an unreachable host into an error that says what to do without a network', async () => {
    const base = await serve(() => {});
    const closed = servers.pop() as Server;
    await new Promise((resolve) => closed.close(resolve));
    const source = parseLocalModel('local');
    if (source.kind !== 'huggingface') throw new Error('expected a Hugging Face source');
    const error = await fetchModel(source, { paths: cachePaths(folder), env: { HF_ENDPOINT: base } }).catch(
      (caught: unknown) => caught,
    );
    expect(RatchetError.is(error)).toBe(true);
    const ratchetError = error as RatchetError;
    expect(ratchetError.message).toMatch(/cannot download the local model local:qwen2\.5-coder-1\.5b/);
    expect(ratchetError.hint).toMatch(/OPENAI_API_KEY/);
    expect(ratchetError.hint).toMatch(/local:\/path\/to\/model\.gguf/);
    expect(ratchetError.hint).toMatch(/--model mutate/);
  });
});
