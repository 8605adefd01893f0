/**
 * `downloadFile`: a resumable, verified HTTP download. Bytes go to `<destination>.part`; an interrupted
 * download continues from there with a `Range` request; the file is renamed into place only after its
 * size and sha256 match what is expected. Every wait is bounded: the server must answer within
 * `headersTimeoutMs` and the body must not stall for `stallTimeoutMs`, so an offline machine gets an
 * error within seconds, never a hang.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** What the finished file must be. */
export interface DownloadExpectation {
  readonly bytes?: number;
  /** Lower-case hex. */
  readonly sha256?: string;
}

export interface DownloadProgress {
  readonly receivedBytes: number;
  readonly totalBytes: number | undefined;
  /** Bytes that were already in the `.part` file when this attempt started. */
  readonly resumedFromBytes: number;
}

export interface DownloadOptions {
  readonly url: string;
  /** Final path; the download writes `<destination>.part` until it is verified. */
  readonly destination: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly expected?: DownloadExpectation;
  /** Expectations read from response headers (any hop of a redirect chain), used where `expected` has none. */
  readonly expectationFromHeaders?: (headers: Headers) => DownloadExpectation;
  readonly fetch?: typeof fetch;
  /** The server must send response headers within this (default 5000 ms). */
  readonly headersTimeoutMs?: number;
  /** No body bytes for this long fails the download (default 30 000 ms). */
  readonly stallTimeoutMs?: number;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
}

export interface DownloadResult {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly resumedFromBytes: number;
}

/** Why a download failed: `network` (no connection), `timeout`, `http` (an error status), `verification`. */
export type DownloadFailure = 'network' | 'timeout' | 'http' | 'verification';

export class DownloadError extends Error {
  readonly failure: DownloadFailure;
  readonly status: number | undefined;
  constructor(failure: DownloadFailure, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DownloadError';
    this.failure = failure;
    this.status = options.status;
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

async function hashFile(file: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

function networkError(error: unknown, host: string): DownloadError {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return new DownloadError('network', `cannot reach ${host} (${detail})`, { cause: error });
}

/** A timer that aborts `controller` unless pushed back in time; `stop` clears it. */
function watchdog(controller: AbortController, ms: number, reason: string) {
  let timer = setTimeout(() => controller.abort(new DownloadError('timeout', reason)), ms);
  return {
    push(nextMs: number, nextReason: string): void {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new DownloadError('timeout', nextReason)), nextMs);
    },
    stop: (): void => clearTimeout(timer),
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Downloads `options.url` to `options.destination`, resuming a `.part` file left by an earlier attempt. */
export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const fetchFunction = options.fetch ?? fetch;
  const headersTimeoutMs = options.headersTimeoutMs ?? 5000;
  const stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
  const part = `${options.destination}.part`;
  await mkdir(path.dirname(options.destination), { recursive: true });

  let resumedFrom = await sizeOf(part);
  let hash = createHash('sha256');
  if (resumedFrom > 0) await hashFile(part, hash);

  const controller = new AbortController();
  const signal =
    options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal]);
  let url = options.url;
  const host = new URL(url).host;
  const dog = watchdog(
    controller,
    headersTimeoutMs,
    `no answer from ${host} within ${seconds(headersTimeoutMs)}`,
  );
  let expected: DownloadExpectation = { ...options.expected };
  let response: Response;
  try {
    for (let hop = 0; ; hop++) {
      const range: Record<string, string> = resumedFrom > 0 ? { range: `bytes=${resumedFrom}-` } : {};
      try {
        response = await fetchFunction(url, {
          headers: { ...options.headers, ...range },
          redirect: 'manual',
          signal,
        });
      } catch (error) {
        throw signal.aborted ? signal.reason : networkError(error, new URL(url).host);
      }
      const fromHeaders = options.expectationFromHeaders?.(response.headers) ?? {};
      expected = { ...fromHeaders, ...removeUndefined(expected) };
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null && hop < 8) {
        await response.body?.cancel();
        url = new URL(location, url).toString();
        continue;
      }
      break;
    }
    if (response.status === 416 && resumedFrom > 0) {
      // nothing left to fetch: the part file is complete (verified below) or stale (deleted below)
      await response.body?.cancel();
      const total = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
      if (expected.bytes === undefined) expected = { ...expected, bytes: Number(total ?? -1) };
    } else if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      throw new DownloadError('http', `HTTP ${response.status} from ${new URL(url).host}`, {
        status: response.status,
      });
    } else {
      if (response.status === 200 && resumedFrom > 0) {
        // the server ignored the range: start over
        resumedFrom = 0;
        hash = createHash('sha256');
      }
      const length = Number.parseInt(response.headers.get('content-length') ?? '', 10);
      const totalBytes = expected.bytes ?? (Number.isFinite(length) ? resumedFrom + length : undefined);
      let received = resumedFrom;
      options.onProgress?.({ receivedBytes: received, totalBytes, resumedFromBytes: resumedFrom });
      const handle = await open(part, resumedFrom > 0 ? 'a' : 'w');
      const stalled = `the download from ${host} stalled for ${seconds(stallTimeoutMs)}`;
      try {
        dog.push(stallTimeoutMs, stalled);
        for await (const chunk of response.body ?? []) {
          const bytes = chunk as Uint8Array;
          await handle.write(bytes);
          hash.update(bytes);
          received += bytes.length;
          dog.push(stallTimeoutMs, stalled);
          options.onProgress?.({ receivedBytes: received, totalBytes, resumedFromBytes: resumedFrom });
        }
      } catch (error) {
        throw signal.aborted ? signal.reason : networkError(error, host);
      } finally {
        await handle.close();
      }
    }
  } finally {
    dog.stop();
  }

  const bytes = await sizeOf(part);
  const sha256 = hash.digest('hex');
  const problem =
    expected.bytes !== undefined && bytes !== expected.bytes
      ? `${bytes} bytes, expected ${expected.bytes}`
      : expected.sha256 !== undefined && sha256 !== expected.sha256.toLowerCase()
        ? `sha256 ${sha256}, expected ${expected.sha256}`
        : undefined;
  if (problem !== undefined) {
    await rm(part, { force: true });
    throw new DownloadError('verification', `the downloaded file does not match: ${problem}; it was deleted`);
  }
  await rename(part, options.destination);
  return { path: options.destination, bytes, sha256, resumedFromBytes: resumedFrom };
}

function removeUndefined(expectation: DownloadExpectation): DownloadExpectation {
  return {
    ...(expectation.bytes === undefined ? {} : { bytes: expectation.bytes }),
    ...(expectation.sha256 === undefined ? {} : { sha256: expectation.sha256 }),
  };
}
