/**
 * No isolation: the command runs as a plain child process of the engine, as the same user, with the
 * same view of the file system and the network. What it still gets: the cleared environment of the spec,
 * `prlimit` limits where `prlimit` exists (all but the process count, which would count the user's own
 * processes), the output cap, and a process group of its own that is killed with SIGKILL on timeout and
 * once the command exits. A process that calls `setsid` (or double-forks into a new session) leaves
 * that group and escapes both kills; only the bwrap sandbox contains it.
 */
import type { ChildProcess } from 'node:child_process';
import type { Sandbox, SandboxRunOutcome, SandboxRunSpec } from '../spec/sandbox.ts';
import { detectLimit } from './detect-limit.ts';
import { limitArguments } from './limit-arguments.ts';
import { runProcess } from './run-process.ts';

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already empty
  }
}

/** A sandbox that isolates nothing. `prlimitPath` null: no resource limits besides time and output. */
export function createNoneSandbox(options: { readonly prlimitPath: string | null }): Sandbox {
  return {
    kind: 'none',
    async run(spec: SandboxRunSpec, runOptions = {}): Promise<SandboxRunOutcome> {
      const [program, ...rest] = spec.command;
      if (program === undefined) throw new Error('sandbox: empty command');
      const limited = options.prlimitPath !== null;
      const outcome = await runProcess({
        file: limited ? (options.prlimitPath as string) : program,
        args: limited
          ? [
              ...limitArguments(spec.limits, {
                processes: false,
                ...(spec.memoryLimit === undefined ? {} : { memoryLimit: spec.memoryLimit }),
              }),
              '--',
              program,
              ...rest,
            ]
          : rest,
        cwd: spec.cwd,
        env: spec.env,
        resultChannel: spec.resultChannel,
        timeoutMs: spec.timeoutMs,
        maxOutputBytes: spec.limits.maxOutputBytes,
        detached: true,
        killTree: killGroup,
        afterExit: killGroup,
        ...(spec.stdin === undefined ? {} : { stdin: spec.stdin }),
        ...(runOptions.signal === undefined ? {} : { signal: runOptions.signal }),
      });
      return detectLimit(outcome);
    },
  };
}
