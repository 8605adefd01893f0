/**
 * Building and running the performance recipe's programs inside the sandbox: gcc with fixed flags, the
 * symbol check on the candidate's object file, and child processes with a timeout that kills their group.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface ProcessOutcome {
  readonly code: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` to the end (at most `timeoutMs`), capturing its output. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly timeoutMs: number },
): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      detached: true,
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', TMPDIR: '/tmp', HOME: options.cwd },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < 8 << 20) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-6000);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr });
    });
  });
}

/** The compiler flags of every timed build (the reference and the candidate get the same). */
export const optimizeFlags = ['-O2', '-std=gnu11'];

/** Compiler messages without the sandbox paths, so that they read `matmul.c:12:5: error: …`. */
export function compilerMessages(text: string, dirs: readonly string[]): string {
  let cleaned = text;
  for (const dir of dirs) cleaned = cleaned.replaceAll(`${dir}${path.sep}`, '');
  const lines = cleaned.trim().split('\n');
  return (lines.length <= 30 ? lines : [...lines.slice(0, 30), `… (${lines.length - 30} more lines)`]).join(
    '\n',
  );
}

/** Sections that would run code before or after `main` (constructors, destructors). */
const forbiddenSections = ['.init_array', '.fini_array', '.preinit_array', '.ctors', '.dtors'];

/**
 * Why the candidate's object file is refused, or null: it may define no global symbol but `allowed` (so
 * it cannot replace a libc or harness function) and no constructor or destructor.
 */
export async function objectProblem(
  objectFile: string,
  cwd: string,
  allowed: string,
): Promise<string | null> {
  const symbols = await runProcess('/usr/bin/nm', ['--defined-only', '-g', objectFile], {
    cwd,
    timeoutMs: 30_000,
  });
  const names = symbols.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[2])
    .filter((name): name is string => name !== undefined && name !== '');
  const extra = names.filter((name) => name !== allowed);
  if (extra.length > 0) {
    return `the program may define only the global function ${allowed} (make helpers static); it also defines ${extra.join(', ')}`;
  }
  if (!names.includes(allowed)) return `the program does not define the function ${allowed}`;
  const sections = await runProcess('/usr/bin/readelf', ['-S', '-W', objectFile], { cwd, timeoutMs: 30_000 });
  const found = forbiddenSections.filter((section) => sections.stdout.includes(` ${section} `));
  if (found.length > 0)
    return `the program may not run code before or after main (it has ${found.join(', ')})`;
  return null;
}
