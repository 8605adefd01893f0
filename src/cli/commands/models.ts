/**
 * `ratchet models list|install|remove`: the embedded local models (`--model local…`) — the runtime
 * (node-llama-cpp, installed into Ratchet's cache on demand) and the downloaded GGUF files. Also the
 * setup that `ratchet run --model local` does before a run: download the model, and install the runtime
 * after asking on a TTY (or with --yes).
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { badInput } from '../../core/errors.ts';
import { cachePaths, resolveCacheDir } from '../../local/cache-dir.ts';
import type { DownloadProgress } from '../../local/download-file.ts';
import { installHint } from '../../local/load-runtime.ts';
import { isLocalModel, parseLocalModel } from '../../local/local-model-string.ts';
import { defaultModelName, modelCatalog } from '../../local/model-catalog.ts';
import { listCachedModels, modelStringOf, removeCachedModel } from '../../local/model-store.ts';
import { inspectLocalModel, prepareLocalModel } from '../../local/prepare-local-model.ts';
import { removeRuntime, runtimeBytes, runtimePackage, runtimeStatus } from '../../local/runtime-install.ts';
import { overridesFrom, type ProblemFlags } from '../options.ts';
import { printJson } from '../output.ts';

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

/** One status line on stderr: redrawn in place on a TTY, a line every 10% (or 10 s) otherwise. */
function progressLine() {
  const stream = process.stderr;
  const started = Date.now();
  let lastDraw = 0;
  let lastStep = -1;
  let drawn = false;
  return {
    update(text: string, fraction?: number): void {
      const now = Date.now();
      if (stream.isTTY) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        drawn = true;
        stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 120) - 1)}`);
        return;
      }
      const step = fraction === undefined ? Math.floor((now - started) / 10_000) : Math.floor(fraction * 10);
      if (step === lastStep) return;
      lastStep = step;
      stream.write(`${text}\n`);
    },
    done(text: string): void {
      if (drawn) stream.write('\r\x1b[2K');
      stream.write(`${text}\n`);
    },
  };
}

function downloadText(label: string, progress: DownloadProgress, started: number): string {
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  const rate = (progress.receivedBytes - progress.resumedFromBytes) / seconds;
  const total = progress.totalBytes;
  const share =
    total === undefined
      ? ''
      : ` / ${formatBytes(total)} (${Math.floor((100 * progress.receivedBytes) / total)}%)`;
  return `ratchet: downloading ${label}: ${formatBytes(progress.receivedBytes)}${share} · ${formatBytes(rate)}/s`;
}

/** Downloads the model and installs the runtime, with progress on stderr. */
async function setUp(model: string, options: { installRuntime: boolean; allBackends?: boolean }) {
  const paths = cachePaths(resolveCacheDir(process.env));
  const line = progressLine();
  let started = Date.now();
  const result = await prepareLocalModel(model, {
    paths,
    env: process.env,
    installRuntime: options.installRuntime,
    ...(options.allBackends === undefined ? {} : { allBackends: options.allBackends }),
    onDownloadStart: (plan) => {
      started = Date.now();
      line.update(`ratchet: downloading ${plan.label} into ${paths.models} …`);
    },
    onDownloadProgress: (plan, progress) =>
      line.update(
        downloadText(plan.label, progress, started),
        progress.totalBytes === undefined ? undefined : progress.receivedBytes / progress.totalBytes,
      ),
    onRuntimeStart: () => line.update(`ratchet: installing ${runtimePackage} into ${paths.runtime} (npm) …`),
    onRuntimeProgress: (progress) =>
      line.update(
        `ratchet: installing ${runtimePackage}: ${progress.phase === 'resolving' ? `${progress.packagesResolved} packages resolved` : `${progress.packagesFetched} packages fetched`} · ${Math.round(progress.elapsedMs / 1000)} s · ${progress.current ?? ''}`,
      ),
  });
  if (result.downloaded) line.done(`ratchet: downloaded and verified ${result.modelPath}`);
  if (result.runtimeInstall !== undefined)
    line.done(
      `ratchet: installed ${runtimePackage} (${result.runtimeInstall.backends.join(', ')}) in ${result.runtimeInstall.seconds.toFixed(1)} s, ${formatBytes(result.runtimeInstall.bytes)}`,
    );
  return result;
}

async function askYesNo(question: string): Promise<boolean> {
  const reader = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await reader.question(question)).trim().toLowerCase();
    return answer === '' || answer === 'y' || answer === 'yes';
  } finally {
    reader.close();
  }
}

/**
 * Before `ratchet run`: makes every local model of the run ready. A missing runtime is installed after a
 * yes on a TTY, or with --yes; otherwise the run stops at once with what to run. Models are downloaded
 * without asking (that is what `--model local` asks for); offline, that fails within seconds.
 */
export async function prepareLocalModelsForRun(
  target: string,
  flags: ProblemFlags & { readonly yes?: boolean },
): Promise<void> {
  let models = flags.model;
  if (models === undefined) {
    try {
      const { loadProblem } = await import('../../config/load-problem.ts');
      models = (await loadProblem(target, overridesFrom(flags))).problem.models.map((model) => model.model);
    } catch {
      return; // the run reports the problem's own errors
    }
  }
  const locals = [...new Set(models.filter(isLocalModel))];
  if (locals.length === 0) return;
  const paths = cachePaths(resolveCacheDir(process.env));
  const plans = await Promise.all(locals.map((model) => inspectLocalModel(model, { paths })));
  const runtimeMissing = !plans.some((plan) => plan.runtime.installed);
  if (runtimeMissing && flags.yes !== true) {
    const downloads = plans
      .filter((plan) => plan.downloadBytes !== 0)
      .map((plan) => `${plan.label} (about ${formatBytes(plan.downloadBytes ?? 0)}) from Hugging Face`);
    const what = `${locals.join(', ')} runs in-process with ${runtimePackage}, which is not installed yet`;
    if (!process.stdin.isTTY || !process.stderr.isTTY)
      throw badInput(`${what} (in ${paths.runtime})`, { field: 'model', hint: installHint });
    process.stderr.write(
      `ratchet: ${what}.\n  It will be installed with npm into ${paths.runtime} (about 80 MB)` +
        (downloads.length === 0
          ? ''
          : `,\n  and ${downloads.join(' and ')} downloaded into ${paths.models}`) +
        '.\n',
    );
    if (!(await askYesNo('  Go ahead? [Y/n] ')))
      throw badInput(`${what}`, { field: 'model', hint: installHint });
  }
  for (const model of locals) await setUp(model, { installRuntime: true });
}

async function listModels(flags: { json?: boolean }): Promise<void> {
  const paths = cachePaths(resolveCacheDir(process.env));
  const [runtime, bytes, cached] = await Promise.all([
    runtimeStatus(paths),
    runtimeBytes(paths),
    listCachedModels(paths),
  ]);
  if (flags.json === true) {
    printJson({
      cacheDir: paths.root,
      runtime: { ...runtime, bytes },
      models: cached,
      catalog: modelCatalog,
    });
    return;
  }
  const out: string[] = [`cache: ${paths.root}`];
  out.push(
    runtime.installed
      ? `runtime: ${runtimePackage} ${runtime.version} (${(runtime.backends ?? []).join(', ')}), ${formatBytes(bytes)}`
      : `runtime: not installed (${runtimePackage}; \`ratchet models install\` installs it)`,
  );
  out.push(cached.length === 0 ? 'downloaded models: none' : 'downloaded models:');
  for (const model of cached)
    out.push(
      `  ${model.model}  ${formatBytes(model.bytes)}  sha256 ${model.sha256.slice(0, 12)}…  ${model.path}`,
    );
  out.push('models to download (--model local:<name>; `local` is the first):');
  for (const entry of modelCatalog) {
    const name = entry.name === defaultModelName ? `local, local:${entry.name}` : `local:${entry.name}`;
    const have = cached.some((model) => model.model === `local:${entry.name}`) ? ' [downloaded]' : '';
    out.push(`  ${name}  ${entry.description}${have}\n    ${entry.repo}/${entry.file}`);
  }
  out.push(
    'any GGUF file works too: --model local:/path/to/model.gguf or local:hf:<owner>/<repo>/<file.gguf>',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

async function removeModels(
  model: string | undefined,
  flags: { runtime?: boolean; all?: boolean },
): Promise<void> {
  const paths = cachePaths(resolveCacheDir(process.env));
  if (model === undefined && flags.runtime !== true && flags.all !== true)
    throw badInput('say what to remove: a model (e.g. local), --runtime or --all', {
      hint: 'see `ratchet models list` for what is cached',
    });
  const removed: string[] = [];
  if (model !== undefined) {
    const source = parseLocalModel(model);
    if (source.kind === 'file')
      throw badInput(`${model} is your own file, not a cached download; Ratchet leaves it alone`, {
        field: 'model',
      });
    if (await removeCachedModel(paths, source)) removed.push(modelStringOf(source));
  }
  if (flags.all === true)
    for (const cached of await listCachedModels(paths)) {
      const source = parseLocalModel(cached.model);
      if (source.kind === 'huggingface' && (await removeCachedModel(paths, source)))
        removed.push(cached.model);
    }
  if ((flags.runtime === true || flags.all === true) && (await removeRuntime(paths)))
    removed.push(`the runtime (${paths.runtime})`);
  process.stdout.write(removed.length === 0 ? 'nothing to remove\n' : `removed ${removed.join(', ')}\n`);
}

export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description(
      'embedded local models (--model local): list, install or remove the runtime and the downloads',
    );
  models
    .command('list')
    .description(
      'show the runtime, the downloaded models with their sizes, and the models that can be downloaded',
    )
    .option('--json', 'machine-readable output')
    .action(listModels);
  models
    .command('install')
    .description('install the runtime (node-llama-cpp, via npm) and download a model, once')
    .argument(
      '[model]',
      'local, local:<name>, local:hf:<owner>/<repo>/<file.gguf> or local:<path.gguf>',
      'local',
    )
    .option(
      '--all-backends',
      'install every GPU backend of node-llama-cpp (about 725 MB) instead of this machine’s',
    )
    .action(async (model: string, flags: { allBackends?: boolean }) => {
      if (!isLocalModel(model))
        throw badInput(`${model} is not a local model`, {
          field: 'model',
          hint: 'write local, local:<name> or local:<path.gguf>',
        });
      const result = await setUp(model, {
        installRuntime: true,
        ...(flags.allBackends ? { allBackends: true } : {}),
      });
      process.stdout.write(`${model} is ready: ${result.modelPath}\n`);
    });
  models
    .command('remove')
    .description('delete a downloaded model, the runtime (--runtime), or everything (--all)')
    .argument('[model]', 'a downloaded model: local, local:<name> or local:hf:…')
    .option('--runtime', `remove the runtime (${runtimePackage})`)
    .option('--all', 'remove every download and the runtime')
    .action(removeModels);
}
