/**
 * Chooses and checks the sandbox for a run: bubblewrap unless the problem opts out with `none`.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { RatchetError } from '../core/errors.ts';
import type { SandboxConfig } from '../spec/problem.ts';
import type { Sandbox } from '../spec/sandbox.ts';
import { type BwrapTools, createBwrapSandbox, probeBwrap } from './bwrap-sandbox.ts';
import { buildLauncher, type LaunchChain } from './launcher.ts';
import { createNoneSandbox } from './none-sandbox.ts';

export interface CreateSandboxOptions {
  /** Where warnings go (the `none` sandbox warns once per sandbox instance, when it is created). */
  readonly onWarning?: (message: string) => void;
  /** Directories searched for bwrap, prlimit, setpriv and cc (default: the system directories, then PATH). */
  readonly searchPath?: readonly string[];
  /** `util-linux`: use prlimit and setpriv even where the launcher can be built (default: env `RATCHET_SANDBOX_LAUNCHER`). */
  readonly launcher?: 'auto' | 'util-linux';
}

const installHint = 'apt-get install bubblewrap, or set sandbox: "none" to run without isolation';

export const noneSandboxWarning =
  'sandbox "none": evaluations run WITHOUT isolation, as your user, with your files and network in ' +
  'reach; only the environment is cleared and the time, output and (with prlimit) resource limits ' +
  'apply. Use it only for code you trust.';

function findExecutable(name: string, searchPath: readonly string[]): string | null {
  for (const dir of searchPath) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

function defaultSearchPath(): string[] {
  const fromEnvironment = (process.env['PATH'] ?? '').split(':').filter((dir) => path.isAbsolute(dir));
  return ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin', ...fromEnvironment];
}

/** Probes are cheap but not free: remember the answer per set of tools. */
const probeResults = new Map<string, string | null>();

/**
 * The launcher when a C compiler can build it (and it is not refused), else prlimit and setpriv; throws
 * `sandbox-unavailable` when neither is there.
 */
export function launchChain(
  choice?: 'auto' | 'util-linux',
  searchPath: readonly string[] = defaultSearchPath(),
): LaunchChain {
  const wanted = choice ?? (process.env['RATCHET_SANDBOX_LAUNCHER'] === 'util-linux' ? 'util-linux' : 'auto');
  if (wanted === 'auto') {
    const compiler = findExecutable('cc', searchPath) ?? findExecutable('gcc', searchPath);
    const launcher = buildLauncher(compiler);
    if (launcher !== null && compiler !== null) return { kind: 'launcher', path: launcher, compiler };
  }
  const prlimit = findExecutable('prlimit', searchPath);
  const setpriv = findExecutable('setpriv', searchPath);
  const asRoot = process.getuid?.() === 0;
  if (prlimit === null || (asRoot && setpriv === null)) {
    throw new RatchetError(
      'sandbox-unavailable',
      `${prlimit === null ? 'prlimit' : 'setpriv'} (util-linux) is not installed; the sandbox needs it`,
      {
        hint: `apt-get install util-linux (or a C compiler), or set sandbox: "none" to run without isolation`,
      },
    );
  }
  return { kind: 'util-linux', prlimit, setpriv: setpriv ?? '' };
}

/**
 * Creates the sandbox the config asks for. For `bwrap`, checks that bubblewrap and a launch chain exist and
 * that a sandbox actually starts; throws `sandbox-unavailable` otherwise.
 */
export function createSandbox(config: SandboxConfig, options: CreateSandboxOptions = {}): Sandbox {
  const searchPath = options.searchPath ?? defaultSearchPath();
  if (config.kind === 'none') {
    options.onWarning?.(noneSandboxWarning);
    return createNoneSandbox({ prlimitPath: findExecutable('prlimit', searchPath) });
  }

  const bwrap = findExecutable('bwrap', searchPath);
  if (bwrap === null) {
    throw new RatchetError('sandbox-unavailable', 'bubblewrap (bwrap) is not installed', {
      hint: installHint,
    });
  }
  const chain = launchChain(options.launcher, searchPath);
  const tools: BwrapTools = { bwrap, chain };
  const key = `${bwrap}\0${JSON.stringify(chain)}`;
  if (!probeResults.has(key)) probeResults.set(key, probeBwrap(tools));
  const failure = probeResults.get(key);
  if (failure !== null && failure !== undefined) {
    throw new RatchetError('sandbox-unavailable', `bubblewrap cannot start a sandbox here: ${failure}`, {
      hint: `${installHint}; inside a container, allow user namespaces (or run bwrap as root)`,
    });
  }
  return createBwrapSandbox(tools);
}
