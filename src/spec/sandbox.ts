/**
 * The sandbox boundary: run one command with limits, isolated. Paths are the same inside and outside
 * (directories are bound at their own paths), so callers never translate them.
 */
import type { ResourceLimits } from './problem.ts';

export interface SandboxMount {
  /** Absolute host path, bound at the same path inside. */
  readonly path: string;
  readonly writable: boolean;
}

export interface SandboxRunSpec {
  readonly command: readonly string[];
  /** The working directory: writable, and the only writable place besides a private /tmp. */
  readonly cwd: string;
  /** Further paths made visible (the problem bundle, the harness, datasets). */
  readonly mounts: readonly SandboxMount[];
  /** The complete environment (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly limits: ResourceLimits;
  readonly network: boolean;
  /** Open file descriptor 3 as a pipe whose content is returned as `result` (the result channel). */
  readonly resultChannel: boolean;
  readonly stdin?: string;
  /**
   * How `limits.memoryMb` is enforced: `address-space` (RLIMIT_AS, the default: counts every mapping) or
   * `data` (RLIMIT_DATA: private writable memory only). Node needs `data`: V8 reserves 10+ GB of address
   * space it never touches.
   */
  readonly memoryLimit?: 'address-space' | 'data';
}

export interface SandboxRunOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutTruncated: boolean;
  readonly stderrTruncated: boolean;
  /** What was written to the result channel (fd 3), if requested. */
  readonly result: string | null;
  readonly durationMs: number;
  /** A resource limit that was evidently hit, when it can be told (e.g. `SIGXFSZ` → file size). */
  readonly limitHit?: 'cpu' | 'memory' | 'processes' | 'file-size' | 'output';
}

export interface Sandbox {
  readonly kind: 'bwrap' | 'none';
  run(spec: SandboxRunSpec, options?: { readonly signal?: AbortSignal }): Promise<SandboxRunOutcome>;
}
