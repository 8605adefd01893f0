/**
 * How a bwrap sandbox gets from bubblewrap to the evaluated command: through `ratchet-launch`
 * (`src/runtime/ratchet-launch.c`, one exec that sets the resource limits and drops to the run's user)
 * when a C compiler is there to build it, else through util-linux's `prlimit` and `setpriv` (two execs
 * of dynamically linked programs, a few milliseconds more per evaluation; the same limits, user and
 * capabilities). `RATCHET_SANDBOX_LAUNCHER=util-linux` forces the second.
 *
 * The launcher is compiled once per machine into the user's private temp folder
 * (`<tmp>/ratchet-<uid>/launch-<hash>/`, closed to other users), named by the hash of its source and
 * compiler, and checked by running it once before it is used.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { privateTempDir } from './system-mounts.ts';

/** The programs between bwrap and the command. */
export type LaunchChain =
  | { readonly kind: 'launcher'; readonly path: string; readonly compiler: string }
  | { readonly kind: 'util-linux'; readonly prlimit: string; readonly setpriv: string };

/** Where the launcher appears inside the sandbox (a read-only bind of the compiled file). */
export const launcherTarget = '/run/ratchet/launch';

const launcherSourceFile = fileURLToPath(new URL('../runtime/ratchet-launch.c', import.meta.url));

/** Trusted only if it is a regular file of ours that nobody else can write. */
function isOwnFile(file: string): boolean {
  try {
    const stat = lstatSync(file);
    return stat.isFile() && stat.uid === (process.getuid?.() ?? 0) && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Runs the launcher once, outside any sandbox, with a limit and no user change: it must exit 0. */
function works(launcher: string): boolean {
  const result = spawnSync(launcher, ['--nofile=256', '--core=0', '--', 'true'], {
    env: { PATH: '/usr/bin:/bin' },
    timeout: 10_000,
  });
  return result.status === 0;
}

function compile(compiler: string, output: string): boolean {
  for (const link of [['-static'], []]) {
    const result = spawnSync(compiler, ['-O2', '-s', ...link, '-o', output, launcherSourceFile], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (result.status === 0) return true;
  }
  return false;
}

const built = new Map<string, string | null>();

/**
 * The path of a working launcher built with `compiler`, or null when there is no compiler, the build
 * fails, or no private folder can hold it. Cached per process; the file is reused across processes.
 */
export function buildLauncher(compiler: string | null): string | null {
  if (compiler === null) return null;
  const cached = built.get(compiler);
  if (cached !== undefined && (cached === null || existsSync(cached))) return cached;
  const home = privateTempDir();
  let launcher: string | null = null;
  if (home !== null) {
    const digest = createHash('sha256')
      .update(readFileSync(launcherSourceFile))
      .update(`\0${compiler}`)
      .digest('hex')
      .slice(0, 24);
    const dir = path.join(home, `launch-${digest}`);
    const file = path.join(dir, 'ratchet-launch');
    if (isOwnFile(file) && works(file)) launcher = file;
    else {
      const staging = mkdtempSync(path.join(home, 'launch-staging-'));
      const output = path.join(staging, 'ratchet-launch');
      try {
        if (compile(compiler, output) && works(output)) {
          chmodSync(output, 0o755);
          mkdirSync(dir, { recursive: true, mode: 0o755 });
          renameSync(output, file); // atomic: a concurrent build ends with one of two equal files
          if (isOwnFile(file)) launcher = file;
        }
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    }
  }
  built.set(compiler, launcher);
  return launcher;
}

/**
 * The chain with a launcher that exists: a temp cleaner may remove the compiled file during a long run,
 * and then it is built again (when that fails, bwrap reports the missing file as a sandbox fault).
 */
export function presentChain(chain: LaunchChain): LaunchChain {
  if (chain.kind !== 'launcher' || existsSync(chain.path)) return chain;
  const rebuilt = buildLauncher(chain.compiler);
  return rebuilt === null ? chain : { ...chain, path: rebuilt };
}

/** The launch arguments of a chain: what comes after `--` on the bwrap command line, before the command. */
export function launchArguments(
  chain: LaunchChain,
  limits: readonly string[],
  runAs: number | null,
): string[] {
  if (chain.kind === 'launcher') {
    return [launcherTarget, ...limits, ...(runAs === null ? [] : [`--uid=${runAs}`]), '--'];
  }
  const args = [chain.prlimit, ...limits, '--'];
  if (runAs !== null) {
    const id = String(runAs);
    args.push(
      chain.setpriv,
      `--reuid=${id}`,
      `--regid=${id}`,
      '--clear-groups',
      '--bounding-set=-all',
      '--inh-caps=-all',
      '--',
    );
  }
  return args;
}
