/**
 * Runs one child process with a hard timeout, bounded output capture and an optional result channel on
 * file descriptor 3. Shared by both sandboxes; how the whole process tree is killed is theirs to say.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { SandboxRunOutcome } from '../spec/sandbox.ts';
import { createOutputCapture } from './output-capture.ts';

/** A stream that writes more than this many times its capture cap is killed (`limitHit: 'output'`). */
export const outputFloodFactor = 16;
/** …but never below this many bytes, so small caps do not kill chatty evaluators. */
export const outputFloodMinimumBytes = 64 << 20;
/** Largest result accepted on the result channel. */
export const maxResultBytes = 16 << 20;

export interface ProcessRunOptions {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Open fd 3 as a pipe and return what is written to it. */
  readonly resultChannel: boolean;
  /**
   * Handed to the child as fd 4, 5, …: an open file descriptor (the caller closes it after `spawned`),
   * or bytes the child reads from a pipe until end of file.
   */
  readonly extraFds?: readonly (number | Uint8Array)[];
  readonly stdin?: string;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** Start the child in its own process group (so the group can be killed). */
  readonly detached: boolean;
  /** Kill the whole tree with SIGKILL. Called on timeout, abort and output flood. */
  readonly killTree: (child: ChildProcess) => void;
  /** Called once the main process has exited (e.g. to reap what it left behind). */
  readonly afterExit?: (child: ChildProcess) => void;
  /** Maps the raw exit to the outcome's exit code and signal (bwrap reports signals as 128 + n). */
  readonly decodeExit?: (code: number | null, signal: NodeJS.Signals | null) => ExitStatus;
  readonly signal?: AbortSignal;
  /** Called right after spawning (to close descriptors the child now holds). */
  readonly spawned?: () => void;
}

export interface ExitStatus {
  readonly exitCode: number | null;
  readonly signal: string | null;
}

/** How long to wait for the output pipes to close after the process exited. */
const closeGraceMs = 250;

/** Spawns, captures, enforces the timeout; rejects only when `signal` aborts. */
export function runProcess(options: ProcessRunOptions): Promise<SandboxRunOutcome> {
  const started = performance.now();
  const stdio: (number | 'pipe' | 'ignore')[] = ['pipe', 'pipe', 'pipe'];
  const extraFds = options.extraFds ?? [];
  if (options.resultChannel || extraFds.length > 0) stdio.push(options.resultChannel ? 'pipe' : 'ignore');
  for (const extra of extraFds) stdio.push(typeof extra === 'number' ? extra : 'pipe');

  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason);
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn(options.file, options.args, {
        cwd: options.cwd,
        env: { ...options.env },
        stdio,
        detached: options.detached,
      });
    } finally {
      options.spawned?.();
    }

    const stdout = createOutputCapture(options.maxOutputBytes);
    const stderr = createOutputCapture(options.maxOutputBytes);
    const result = createOutputCapture(maxResultBytes);
    const floodLimit = Math.max(options.maxOutputBytes * outputFloodFactor, outputFloodMinimumBytes);
    let timedOut = false;
    let flooded = false;
    let aborted = false;
    let killed = false;
    let exit: ExitStatus | null = null;
    let spawnError: Error | null = null;
    let settled = false;

    const killTree = (): void => {
      if (killed) return;
      killed = true;
      options.killTree(child);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killTree();
    }, options.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      killTree();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const watch = (stream: Readable | null | undefined, capture: typeof stdout, limit: number): void => {
      stream?.on('data', (chunk: Buffer) => {
        if (capture.push(chunk) > limit && !flooded) {
          flooded = true;
          killTree();
        }
      });
      stream?.on('error', () => {});
    };
    watch(child.stdout, stdout, floodLimit);
    watch(child.stderr, stderr, floodLimit);
    if (options.resultChannel) watch(child.stdio[3] as Readable | null, result, maxResultBytes);

    child.stdin?.on('error', () => {});
    child.stdin?.end(options.stdin ?? '');
    extraFds.forEach((extra, index) => {
      if (typeof extra === 'number') return;
      const pipe = child.stdio[4 + index] as Writable | null | undefined;
      pipe?.on('error', () => {});
      pipe?.end(extra);
    });

    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      for (const stream of child.stdio) stream?.destroy();
      if (aborted) {
        reject(options.signal?.reason);
        return;
      }
      const status = exit ?? { exitCode: spawnError === null ? null : 127, signal: null };
      const errorText = spawnError === null ? '' : `could not start ${options.file}: ${spawnError.message}\n`;
      resolve({
        exitCode: status.exitCode,
        signal: status.signal,
        timedOut,
        stdout: stdout.text(),
        stderr: errorText + stderr.text(),
        stdoutTruncated: stdout.truncated,
        stderrTruncated: stderr.truncated,
        result: options.resultChannel && result.totalBytes > 0 && !result.truncated ? result.text() : null,
        durationMs: performance.now() - started,
        ...(flooded ? { limitHit: 'output' as const } : {}),
      });
    };

    child.on('error', (error) => {
      spawnError = error;
      finish();
    });
    child.on('exit', (code, signal) => {
      exit = options.decodeExit?.(code, signal) ?? { exitCode: code, signal };
      options.afterExit?.(child);
      setTimeout(finish, closeGraceMs).unref();
    });
    child.on('close', finish);
  });
}
