/**
 * The bubblewrap sandbox. Every run is its own PID namespace under `--die-with-parent`: killing the
 * outer bwrap process kills the namespace's init and with it every process inside, including those
 * that called `setsid` or daemonised. When the evaluated command exits, the namespace ends the same
 * way, so nothing outlives an evaluation.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RatchetError } from '../core/errors.ts';
import type { Sandbox, SandboxRunOutcome, SandboxRunSpec } from '../spec/sandbox.ts';
import { type BwrapLayout, bwrapArguments, type WorkEntry } from './bwrap-arguments.ts';
import { detectLimit } from './detect-limit.ts';
import { type LaunchChain, presentChain } from './launcher.ts';
import { runProcess } from './run-process.ts';
import { seccompFilter } from './seccomp-filter.ts';
import { type SystemMount, systemMounts } from './system-mounts.ts';

export interface BwrapTools {
  readonly bwrap: string;
  /** What sets the limits and drops the user inside (see `launcher.ts`). */
  readonly chain: LaunchChain;
}

/** First child descriptor after stdin, stdout, stderr and the result channel. */
const firstExtraFd = 4;

/** User ids given to runs when the engine is root: high, unnamed, one per concurrent run. */
const idBase = 1_500_000_000;
const idsInUse = new Set<number>();

function allocateId(): number {
  for (;;) {
    const id = idBase + randomInt(0, 500_000_000);
    if (!idsInUse.has(id)) {
      idsInUse.add(id);
      return id;
    }
  }
}

/** The seccomp program, assembled once; handed to bwrap through a pipe (no file to leave behind). */
const seccompProgram = seccompFilter();

const systemMountsCache = new Map<boolean, readonly SystemMount[]>();

/** The host's system mounts do not change during a run: look them up once per network setting. */
function cachedSystemMounts(network: boolean): readonly SystemMount[] {
  let mounts = systemMountsCache.get(network);
  // the /etc snapshot lives in the temp folder, where a cleaner may have removed it
  const sources = mounts?.flatMap((mount) =>
    mount.kind === 'ro-bind' && mount.source !== undefined ? [mount.source] : [],
  );
  if (mounts === undefined || !(sources ?? []).every((source) => existsSync(source))) {
    mounts = systemMounts({ network });
    systemMountsCache.set(network, mounts);
  }
  return mounts;
}

/** Lists the working directory's content (directories first, then files), opening each file. */
function openWorkEntries(cwd: string, fds: number[]): WorkEntry[] {
  const entries: WorkEntry[] = [];
  const walk = (dir: string): void => {
    for (const dirent of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, dirent.name);
      if (dirent.isDirectory()) {
        entries.push({ kind: 'dir', path: full });
        walk(full);
      } else if (dirent.isFile()) {
        const fd = openSync(full, 'r');
        fds.push(fd);
        const executable = (statSync(full).mode & 0o111) !== 0;
        entries.push({ kind: 'file', path: full, fd: firstExtraFd + fds.length - 1, executable });
      }
    }
  };
  walk(cwd);
  return entries;
}

/** An anonymous file for bwrap's `--json-status-fd` (opened, then unlinked at once). */
function openStatusFile(): number {
  const file = path.join(os.tmpdir(), `ratchet-status-${process.pid}-${randomInt(0, 2 ** 47)}`);
  const fd = openSync(file, 'wx+', 0o600);
  unlinkSync(file);
  return fd;
}

/** Whether bwrap reported the exit of the command it ran (its status lines hold an `exit-code`). */
function commandRan(statusFd: number): boolean {
  const buffer = Buffer.alloc(4096);
  const length = readSync(statusFd, buffer, 0, buffer.length, 0);
  return buffer.subarray(0, length).toString('utf8').includes('"exit-code"');
}

/** Exit statuses above 128 are how bwrap reports that its command died from a signal. */
function decodeExit(
  code: number | null,
  signal: NodeJS.Signals | null,
): { exitCode: number | null; signal: string | null } {
  if (signal !== null) return { exitCode: null, signal };
  if (code !== null && code > 128 && code < 128 + 65) {
    const name = Object.entries(os.constants.signals).find(([, number]) => number === code - 128)?.[0];
    if (name !== undefined) return { exitCode: null, signal: name };
  }
  return { exitCode: code, signal: null };
}

function killTree(child: ChildProcess): void {
  // the outer bwrap dies; --die-with-parent takes the namespace's init, and the kernel the rest
  child.kill('SIGKILL');
}

/** A sandbox running every command under bubblewrap. `tools` are absolute paths checked by the caller. */
export function createBwrapSandbox(tools: BwrapTools): Sandbox {
  const asRoot = process.getuid?.() === 0;
  return {
    kind: 'bwrap',
    async run(spec: SandboxRunSpec, options = {}): Promise<SandboxRunOutcome> {
      // bwrap writes {"exit-code": N} here only once the command inside ran: a "bwrap: …" line on stderr
      // without it is bwrap's own failure; with it, the candidate printed it (held outside the sandbox)
      const status = openStatusFile();
      const fds: number[] = [];
      const runAs = asRoot ? allocateId() : null;
      try {
        const workEntries = openWorkEntries(spec.cwd, fds);
        const seccompFd = seccompProgram === null ? null : firstExtraFd + fds.length;
        const statusFd = firstExtraFd + fds.length + (seccompProgram === null ? 0 : 1);
        const layout: BwrapLayout = {
          system: cachedSystemMounts(spec.network),
          workEntries,
          seccompFd,
          runAs,
          chain: presentChain(tools.chain),
          statusFd,
        };
        const outcome = await runProcess({
          file: tools.bwrap,
          args: bwrapArguments(spec, layout),
          cwd: '/',
          env: {},
          resultChannel: spec.resultChannel,
          extraFds: [...fds, ...(seccompProgram === null ? [] : [seccompProgram]), status],
          timeoutMs: spec.timeoutMs,
          maxOutputBytes: spec.limits.maxOutputBytes,
          detached: false,
          killTree,
          decodeExit,
          spawned: () => {
            for (const fd of fds.splice(0)) closeSync(fd);
          },
          ...(spec.stdin === undefined ? {} : { stdin: spec.stdin }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        const setupError = /^bwrap: (.*)/.exec(outcome.stderr);
        if (outcome.exitCode === 1 && setupError !== null && !commandRan(status)) {
          // bubblewrap itself failed (a mount source vanished, namespaces refused): an engine fault, not the candidate's
          throw new RatchetError(
            'sandbox-unavailable',
            `bubblewrap could not set up the sandbox: ${setupError[1]}`,
            {
              hint: 'check that every sandbox.readOnlyPaths entry and the store folder exist',
            },
          );
        }
        return detectLimit(outcome);
      } finally {
        for (const fd of fds) closeSync(fd);
        closeSync(status);
        if (runAs !== null) idsInUse.delete(runAs);
      }
    },
  };
}

/**
 * Checks that bubblewrap can start here by running `true` in a sandbox; returns the reason when it
 * cannot (the message of bwrap, e.g. user namespaces disabled), null when it can.
 */
export function probeBwrap(tools: BwrapTools): string | null {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ratchet-probe-'));
  try {
    const spec: SandboxRunSpec = {
      command: ['true'],
      cwd,
      mounts: [],
      env: { PATH: '/usr/bin:/bin' },
      timeoutMs: 10_000,
      limits: {
        cpuSeconds: 10,
        memoryMb: 1024,
        maxProcesses: 64,
        maxFileSizeMb: 16,
        maxOpenFiles: 256,
        maxOutputBytes: 65_536,
      },
      network: false,
      resultChannel: false,
    };
    const layout: BwrapLayout = {
      system: systemMounts({ network: false }),
      workEntries: [],
      seccompFd: null,
      runAs: process.getuid?.() === 0 ? idBase : null,
      chain: tools.chain,
    };
    const result = spawnSync(tools.bwrap, bwrapArguments(spec, layout), {
      env: {},
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (result.error !== undefined) return result.error.message;
    if (result.status !== 0) return (result.stderr || `exit status ${result.status}`).trim();
    return null;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
