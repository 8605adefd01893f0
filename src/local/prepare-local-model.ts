/**
 * What a local model string needs before it can run, and getting it: the model file (downloaded once)
 * and the runtime (installed once). `ratchet models install` and `ratchet run --model local` use these,
 * so that questions and progress bars happen before a run starts, not inside it.
 */
import { existsSync } from 'node:fs';
import { RatchetError } from '../core/errors.ts';
import type { CachePaths } from './cache-dir.ts';
import type { DownloadProgress } from './download-file.ts';
import { describeSource, type LocalModelSource, parseLocalModel } from './local-model-string.ts';
import { fetchModel, findCachedModel } from './model-store.ts';
import {
  installRuntime,
  type RuntimeInstallProgress,
  type RuntimeInstallResult,
  type RuntimeStatus,
  runtimeStatus,
} from './runtime-install.ts';

/** The state of one local model string on this machine. */
export interface LocalModelPlan {
  readonly model: string;
  readonly source: LocalModelSource;
  /** Short name for messages. */
  readonly label: string;
  /** The model file when it is on this machine. */
  readonly modelPath: string | undefined;
  /** Approximate bytes to download (0 when the file is here, undefined when unknown). */
  readonly downloadBytes: number | undefined;
  readonly runtime: RuntimeStatus;
}

export interface PrepareOptions {
  readonly paths: CachePaths;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Folder of relative `local:<path.gguf>` paths. */
  readonly cwd?: string;
  readonly fetch?: typeof fetch;
  /** Install the runtime when it is missing (the caller has asked, or was told to with --yes). */
  readonly installRuntime: boolean;
  readonly allBackends?: boolean;
  readonly onDownloadStart?: (plan: LocalModelPlan) => void;
  readonly onDownloadProgress?: (plan: LocalModelPlan, progress: DownloadProgress) => void;
  readonly onRuntimeStart?: () => void;
  readonly onRuntimeProgress?: (progress: RuntimeInstallProgress) => void;
  readonly signal?: AbortSignal;
}

export interface PrepareResult {
  readonly modelPath: string;
  readonly downloaded: boolean;
  readonly runtimeInstall: RuntimeInstallResult | undefined;
}

/** Looks at what a model string needs, without changing anything. */
export async function inspectLocalModel(
  model: string,
  options: Pick<PrepareOptions, 'paths' | 'cwd'>,
): Promise<LocalModelPlan> {
  const source = parseLocalModel(model, options.cwd);
  const runtime = await runtimeStatus(options.paths);
  const label = describeSource(source);
  if (source.kind === 'file') {
    return {
      model,
      source,
      label,
      modelPath: existsSync(source.path) ? source.path : undefined,
      downloadBytes: 0,
      runtime,
    };
  }
  const modelPath = await findCachedModel(options.paths, source);
  return {
    model,
    source,
    label,
    modelPath,
    downloadBytes: modelPath !== undefined ? 0 : (source.bytes ?? source.approximateBytes),
    runtime,
  };
}

/**
 * Makes a local model ready: downloads its file if needed (offline: an error within seconds that says
 * what to do), then installs the runtime if it is missing and `installRuntime` allows it.
 */
export async function prepareLocalModel(model: string, options: PrepareOptions): Promise<PrepareResult> {
  const plan = await inspectLocalModel(model, options);
  let modelPath = plan.modelPath;
  let downloaded = false;
  if (modelPath === undefined) {
    if (plan.source.kind === 'file')
      throw new RatchetError('not-found', `model ${model}: no file at ${plan.source.path}`, {
        field: 'model',
        hint: 'give the path of a GGUF file (local:/path/to/model.gguf), or use local for the default model',
      });
    options.onDownloadStart?.(plan);
    modelPath = await fetchModel(plan.source, {
      paths: options.paths,
      env: options.env,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: (progress) => options.onDownloadProgress?.(plan, progress),
    });
    downloaded = true;
  }
  let runtimeInstall: RuntimeInstallResult | undefined;
  if (!(await runtimeStatus(options.paths)).installed && options.installRuntime) {
    options.onRuntimeStart?.();
    runtimeInstall = await installRuntime({
      paths: options.paths,
      env: options.env,
      ...(options.allBackends === undefined ? {} : { allBackends: options.allBackends }),
      ...(options.onRuntimeProgress === undefined ? {} : { onProgress: options.onRuntimeProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }
  return { modelPath, downloaded, runtimeInstall };
}
