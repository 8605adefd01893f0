/** Child `ratchet` processes in the dashboard tests: wait for a line they print, stop them. */
import type { ChildProcess } from 'node:child_process';

/** Resolves with the first stdout line that matches (and the stderr so far), or rejects with the stderr. */
export function firstLine(child: ChildProcess, pattern: RegExp): Promise<{ line: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => pattern.test(candidate));
      if (line !== undefined) resolve({ line: line.trim(), stderr });
    });
    child.on('close', (code) => reject(new Error(`exited ${code} before printing ${pattern}:\n${stderr}`)));
  });
}

/** SIGTERM, then the exit code (or the one it already exited with). */
export function stop(child: ChildProcess | undefined): Promise<number | null> {
  if (child === undefined) return Promise.resolve(null);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('close', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
