/**
 * The model cache: GGUF files downloaded from Hugging Face once, under
 * `<cache>/models/huggingface/<owner>/<repo>/<revision>/<file>`, each with a `.json` record of where it
 * came from, its size and its sha256.
 */
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RatchetError } from '../core/errors.ts';
import type { CachePaths } from './cache-dir.ts';
import {
  DownloadError,
  type DownloadExpectation,
  type DownloadProgress,
  downloadFile,
} from './download-file.ts';
import type { LocalModelSource } from './local-model-string.ts';

export type HuggingFaceSource = Extract<LocalModelSource, { kind: 'huggingface' }>;

/** The record kept beside a downloaded model. */
export interface CachedModel {
  /** The model string that uses it (`local`, `local:<name>` or `local:hf:…`). */
  readonly model: string;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly url: string;
  readonly downloadedAt: string;
}

export interface FetchModelOptions {
  readonly paths: CachePaths;
  /** `HF_ENDPOINT` (a mirror) and `HF_TOKEN` (gated repositories) are read from here. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch?: typeof fetch;
  readonly headersTimeoutMs?: number;
  readonly stallTimeoutMs?: number;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
}

/** What to do when there is no network, for every message that says so. */
export const offlineHint =
  'without a network, set an API key and use a hosted model (e.g. export OPENAI_API_KEY=… and --model openai:gpt-4.1-mini), ' +
  'point at a GGUF file you already have (--model local:/path/to/model.gguf), or run without an LLM (--model mutate); ' +
  'running again continues an interrupted download';

/** The model string for a Hugging Face source. */
export function modelStringOf(source: HuggingFaceSource): string {
  if (source.name !== undefined) return `local:${source.name}`;
  return `local:hf:${source.repo}/${source.file}`;
}

/** Where a Hugging Face file lives in the cache. */
export function cachedModelPath(paths: CachePaths, source: HuggingFaceSource): string {
  return path.join(
    paths.models,
    'huggingface',
    ...source.repo.split('/'),
    source.revision,
    ...source.file.split('/'),
  );
}

/** The download URL (`HF_ENDPOINT` replaces `https://huggingface.co`). */
export function huggingFaceUrl(source: HuggingFaceSource, env: FetchModelOptions['env']): string {
  const endpoint = (env['HF_ENDPOINT']?.trim() || 'https://huggingface.co').replace(/\/+$/, '');
  const file = source.file.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/${source.repo}/resolve/${encodeURIComponent(source.revision)}/${file}`;
}

/** Hugging Face sends an LFS file's size and sha256 as `x-linked-size` and `x-linked-etag`. */
export function huggingFaceExpectation(headers: Headers): DownloadExpectation {
  const size = Number.parseInt(headers.get('x-linked-size') ?? '', 10);
  const etag = (headers.get('x-linked-etag') ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  return {
    ...(Number.isSafeInteger(size) && size > 0 ? { bytes: size } : {}),
    ...(/^[0-9a-f]{64}$/.test(etag) ? { sha256: etag } : {}),
  };
}

/** The cached file of a source, if it has been downloaded and verified. */
export async function findCachedModel(
  paths: CachePaths,
  source: HuggingFaceSource,
): Promise<string | undefined> {
  const file = cachedModelPath(paths, source);
  try {
    await stat(`${file}.json`);
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function hintFor(error: DownloadError, source: HuggingFaceSource): string {
  if (error.failure === 'network' || error.failure === 'timeout') return offlineHint;
  if (error.status === 401 || error.status === 403)
    return `${source.repo} needs a Hugging Face token: export HF_TOKEN=… (or ${offlineHint})`;
  if (error.status === 404) return `check the repository and file name: ${source.repo}/${source.file}`;
  if (error.failure === 'verification') return 'run the command again to download it afresh';
  return offlineHint;
}

/** Downloads a Hugging Face model into the cache (resuming, verified) unless it is there; returns its path. */
export async function fetchModel(source: HuggingFaceSource, options: FetchModelOptions): Promise<string> {
  const present = await findCachedModel(options.paths, source);
  if (present !== undefined) return present;
  const destination = cachedModelPath(options.paths, source);
  const url = huggingFaceUrl(source, options.env);
  const token = options.env['HF_TOKEN']?.trim();
  let result: Awaited<ReturnType<typeof downloadFile>>;
  try {
    result = await downloadFile({
      url,
      destination,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      expected: {
        ...(source.bytes === undefined ? {} : { bytes: source.bytes }),
        ...(source.sha256 === undefined ? {} : { sha256: source.sha256 }),
      },
      expectationFromHeaders: huggingFaceExpectation,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.headersTimeoutMs }),
      ...(options.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: options.stallTimeoutMs }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    throw new RatchetError(
      'not-found',
      `cannot download the local model ${modelStringOf(source)} (${source.repo}/${source.file}): ${error.message}`,
      { field: 'model', hint: hintFor(error, source), cause: error },
    );
  }
  const record: CachedModel = {
    model: modelStringOf(source),
    path: destination,
    bytes: result.bytes,
    sha256: result.sha256,
    url,
    downloadedAt: new Date().toISOString(),
  };
  await writeFile(`${destination}.json`, `${JSON.stringify(record, null, 2)}\n`);
  return destination;
}

async function recordsUnder(folder: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await recordsUnder(full)));
    else if (entry.name.endsWith('.gguf.json')) found.push(full);
  }
  return found;
}

/** Every downloaded model in the cache, by model string. */
export async function listCachedModels(paths: CachePaths): Promise<CachedModel[]> {
  const models: CachedModel[] = [];
  for (const file of await recordsUnder(paths.models)) {
    try {
      const record = JSON.parse(await readFile(file, 'utf8')) as CachedModel;
      await stat(record.path);
      models.push(record);
    } catch {
      // a record without its file (or a damaged record) is not a cached model
    }
  }
  return models.sort((a, b) => a.model.localeCompare(b.model));
}

/** Deletes a downloaded model (and any partial download of it); false when there was nothing. */
export async function removeCachedModel(paths: CachePaths, source: HuggingFaceSource): Promise<boolean> {
  const file = cachedModelPath(paths, source);
  const existed = await Promise.all(
    [file, `${file}.json`, `${file}.part`].map((each) =>
      stat(each).then(
        () => true,
        () => false,
      ),
    ),
  );
  await Promise.all([file, `${file}.json`, `${file}.part`].map((each) => rm(each, { force: true })));
  return existed.some(Boolean);
}
