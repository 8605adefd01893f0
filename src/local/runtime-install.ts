/**
 * The local model runtime: node-llama-cpp, installed on demand with npm into `<cache>/runtime` (never by
 * `npm ci`: with every GPU backend it is 725 MB). Only the prebuilt binaries for this machine are
 * installed (about 85 MB on Linux x64 without CUDA), install scripts are skipped (the binaries are
 * prebuilt, nothing needs to be downloaded or compiled), and the install goes to a staging folder that
 * is renamed into place when it is complete, so a half-finished install never looks installed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RatchetError } from '../core/errors.ts';
import type { CachePaths } from './cache-dir.ts';

/** The runtime package and the version Ratchet is tested with. */
export const runtimePackage = 'node-llama-cpp';
export const runtimeVersion = '3.22.1';
const markerFile = 'ratchet-runtime.json';

export interface RuntimeStatus {
  readonly installed: boolean;
  readonly dir: string;
  readonly version?: string;
  /** The binary packages installed with it (`@node-llama-cpp/linux-x64`…). */
  readonly backends?: readonly string[];
  readonly installedAt?: string;
}

export interface RuntimeInstallProgress {
  /** `resolving` while npm reads package metadata, `fetching` once tarballs arrive. */
  readonly phase: 'resolving' | 'fetching';
  /** Packages whose metadata npm has read. */
  readonly packagesResolved: number;
  /** Package tarballs fetched (or taken from npm's cache) so far. */
  readonly packagesFetched: number;
  readonly elapsedMs: number;
  /** The package at hand, when npm says. */
  readonly current?: string;
}

/** Reads npm's `--loglevel=http` lines: a metadata fetch, or a tarball fetched or taken from its cache. */
export function npmLogEvent(line: string): { kind: 'metadata' | 'tarball'; name: string } | undefined {
  const tarball = /http (?:fetch GET 200|cache) \S*\/-\/(\S+?)\.tgz/.exec(line);
  if (tarball?.[1]) return { kind: 'tarball', name: tarball[1] };
  const metadata = /http fetch GET 200 https?:\/\/\S+\/(\S+) \d+ms/.exec(line);
  if (metadata?.[1]) return { kind: 'metadata', name: decodeURIComponent(metadata[1]) };
  return undefined;
}

export interface InstallRuntimeOptions {
  readonly paths: CachePaths;
  /** Environment of npm (default `process.env`); proxies and registry settings come from here. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The npm executable (default `npm`, `npm.cmd` on Windows). */
  readonly npmCommand?: string;
  /** Install every GPU backend (CUDA, Vulkan…) instead of the ones for this machine. */
  readonly allBackends?: boolean;
  readonly onProgress?: (progress: RuntimeInstallProgress) => void;
  readonly signal?: AbortSignal;
  /** Clock (default `Date.now`). */
  readonly now?: () => number;
}

export interface RuntimeInstallResult {
  readonly dir: string;
  readonly seconds: number;
  readonly bytes: number;
  readonly backends: readonly string[];
}

/** Whether `<cache>/runtime` holds the expected node-llama-cpp. */
export async function runtimeStatus(paths: CachePaths): Promise<RuntimeStatus> {
  try {
    const marker = JSON.parse(await readFile(path.join(paths.runtime, markerFile), 'utf8')) as {
      version: string;
      backends: string[];
      installedAt: string;
    };
    const installed = JSON.parse(
      await readFile(path.join(paths.runtime, 'node_modules', runtimePackage, 'package.json'), 'utf8'),
    ) as { version: string };
    return {
      installed: installed.version === runtimeVersion,
      dir: paths.runtime,
      version: installed.version,
      backends: marker.backends,
      installedAt: marker.installedAt,
    };
  } catch {
    return { installed: false, dir: paths.runtime };
  }
}

function onPath(command: string, env: Readonly<Record<string, string | undefined>>): boolean {
  return (env['PATH'] ?? '')
    .split(path.delimiter)
    .some((folder) => folder !== '' && existsSync(path.join(folder, command)));
}

/** The binary packages for a platform, or undefined when npm should pick (an unknown platform). */
export function backendPackages(platform: string, arch: string, nvidia: boolean): string[] | undefined {
  const scope = '@node-llama-cpp/';
  const cuda = (base: string) => (nvidia ? [base, `${base}-cuda`, `${base}-cuda-ext`] : [base]);
  const table: Record<string, string[]> = {
    'darwin-arm64': ['mac-arm64-metal'],
    'darwin-x64': ['mac-x64'],
    'linux-x64': cuda('linux-x64'),
    'linux-arm64': ['linux-arm64'],
    'linux-arm': ['linux-armv7l'],
    'linux-riscv64': ['linux-riscv64'],
    'win32-x64': cuda('win-x64'),
    'win32-arm64': ['win-arm64'],
  };
  return table[`${platform}-${arch}`]?.map((name) => scope + name);
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

function runNpm(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal; onLine: (line: string) => void },
): Promise<{ code: number | null; tail: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const tail: string[] = [];
    const collect = (data: Buffer) => {
      for (const line of data.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        options.onLine(line);
        tail.push(line);
        if (tail.length > 12) tail.shift();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, tail }));
  });
}

/** Installs node-llama-cpp into `<cache>/runtime` (replacing an older one). */
export async function installRuntime(options: InstallRuntimeOptions): Promise<RuntimeInstallResult> {
  const { paths } = options;
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const started = now();
  const backends = options.allBackends
    ? undefined
    : backendPackages(
        process.platform,
        process.arch,
        onPath(process.platform === 'win32' ? 'nvidia-smi.exe' : 'nvidia-smi', env),
      );
  const staging = `${paths.runtime}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(
    path.join(staging, 'package.json'),
    `${JSON.stringify({ name: 'ratchet-local-runtime', private: true, description: 'node-llama-cpp for Ratchet local models (managed by `ratchet models`)' }, null, 2)}\n`,
  );
  const args = [
    'install',
    '--prefix',
    staging,
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    '--loglevel=http',
    ...(backends === undefined ? [] : ['--omit=optional']),
    `${runtimePackage}@${runtimeVersion}`,
    ...(backends ?? []).map((name) => `${name}@${runtimeVersion}`),
  ];
  const command = options.npmCommand ?? (process.platform === 'win32' ? 'npm.cmd' : 'npm');
  let packagesFetched = 0;
  let packagesResolved = 0;
  let outcome: { code: number | null; tail: string[] };
  try {
    outcome = await runNpm(command, args, {
      cwd: staging,
      env: { ...env, NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onLine(line) {
        const event = npmLogEvent(line);
        if (event === undefined) return;
        if (event.kind === 'tarball') packagesFetched++;
        else packagesResolved++;
        options.onProgress?.({
          phase: packagesFetched === 0 ? 'resolving' : 'fetching',
          packagesResolved,
          packagesFetched,
          elapsedMs: now() - started,
          current: event.name,
        });
      },
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (options.signal?.aborted) throw options.signal.reason;
    throw new RatchetError(
      'not-found',
      `cannot run npm to install the local model runtime (${String(error)})`,
      {
        hint: 'install Node.js with npm, or use a hosted model or --model mutate',
        cause: error,
      },
    );
  }
  if (outcome.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw new RatchetError(
      'not-found',
      `npm could not install ${runtimePackage}@${runtimeVersion} (exit ${outcome.code}):\n    ${outcome.tail.join('\n    ')}`,
      {
        hint: `check that the npm registry is reachable (npm ping); without a network, use a hosted model with an API key or --model mutate`,
      },
    );
  }
  await writeFile(
    path.join(staging, markerFile),
    `${JSON.stringify({ version: runtimeVersion, backends: backends ?? ['(all)'], installedAt: new Date(now()).toISOString() }, null, 2)}\n`,
  );
  const old = `${paths.runtime}.old-${process.pid}`;
  if (existsSync(paths.runtime)) await rename(paths.runtime, old);
  await rename(staging, paths.runtime);
  await rm(old, { recursive: true, force: true });
  return {
    dir: paths.runtime,
    seconds: (now() - started) / 1000,
    bytes: await folderBytes(paths.runtime),
    backends: backends ?? ['(all)'],
  };
}

/** Deletes the runtime; false when it was not there. */
export async function removeRuntime(paths: CachePaths): Promise<boolean> {
  const existed = existsSync(paths.runtime);
  await rm(paths.runtime, { recursive: true, force: true });
  return existed;
}

/** The size of the installed runtime in bytes (0 when absent). */
export async function runtimeBytes(paths: CachePaths): Promise<number> {
  return existsSync(paths.runtime) ? folderBytes(paths.runtime) : 0;
}
