/**
 * Opens the engine behind a local model string, once per process: finds or downloads the GGUF file,
 * loads the runtime from the cache, and loads the model with settings for this machine.
 */
import { existsSync } from 'node:fs';
import { RatchetError } from '../core/errors.ts';
import { cachePaths, resolveCacheDir } from './cache-dir.ts';
import { loadRuntime } from './load-runtime.ts';
import { type LocalEngine, type LocalEngineOptions, openLocalEngine } from './local-engine.ts';
import type { LocalModelSource } from './local-model-string.ts';
import { fetchModel } from './model-store.ts';

export interface OpenLocalModelOptions {
  /** Cache location (`RATCHET_CACHE_DIR`), Hugging Face settings (`HF_ENDPOINT`, `HF_TOKEN`) and engine knobs. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch?: typeof fetch;
}

const engines = new Map<string, Promise<LocalEngine>>();

function positiveInteger(env: OpenLocalModelOptions['env'], name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new RatchetError('bad-input', `${name}=${raw} is not a positive integer`, { field: name });
  return value;
}

/** Engine settings from `RATCHET_LOCAL_CONTEXT`, `RATCHET_LOCAL_THREADS` and `RATCHET_LOCAL_GPU=off`. */
export function engineOptionsFrom(env: OpenLocalModelOptions['env']): LocalEngineOptions {
  const contextSize = positiveInteger(env, 'RATCHET_LOCAL_CONTEXT');
  const threads = positiveInteger(env, 'RATCHET_LOCAL_THREADS');
  const gpu = env['RATCHET_LOCAL_GPU']?.trim().toLowerCase();
  return {
    ...(contextSize === undefined ? {} : { contextSize }),
    ...(threads === undefined ? {} : { threads }),
    ...(gpu === 'off' || gpu === 'false' || gpu === 'cpu' ? { gpu: false as const } : {}),
  };
}

async function open(source: LocalModelSource, options: OpenLocalModelOptions): Promise<LocalEngine> {
  const paths = cachePaths(resolveCacheDir(options.env));
  let modelPath: string;
  if (source.kind === 'file') {
    if (!existsSync(source.path))
      throw new RatchetError('not-found', `no model file at ${source.path}`, {
        field: 'model',
        hint: 'give the path of a GGUF file: --model local:/path/to/model.gguf',
      });
    modelPath = source.path;
  } else {
    modelPath = await fetchModel(source, {
      paths,
      env: options.env,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }
  const runtime = await loadRuntime(paths);
  try {
    return await openLocalEngine(runtime, modelPath, engineOptionsFrom(options.env));
  } catch (error) {
    throw new RatchetError(
      'bad-input',
      `cannot load the local model ${modelPath}: ${error instanceof Error ? error.message : String(error)}`,
      {
        field: 'model',
        hint: 'is it a GGUF model that llama.cpp supports, and is there memory for it? Try a smaller model or RATCHET_LOCAL_CONTEXT=2048',
        cause: error,
      },
    );
  }
}

/** The engine for a source, loading it on first use; a failed load is retried by the next call. */
export function openLocalModel(
  source: LocalModelSource,
  options: OpenLocalModelOptions,
): Promise<LocalEngine> {
  const key = JSON.stringify([resolveCacheDir(options.env), source, engineOptionsFrom(options.env)]);
  let engine = engines.get(key);
  if (engine === undefined) {
    engine = open(source, options);
    engines.set(key, engine);
    engine.catch(() => engines.delete(key));
  }
  return engine;
}

/** Unloads every engine opened by this process (tests; long-lived servers switching models). */
export async function disposeLocalModels(): Promise<void> {
  const opened = [...engines.values()];
  engines.clear();
  for (const engine of opened)
    await engine.then(
      (each) => each.dispose(),
      () => undefined,
    );
}
