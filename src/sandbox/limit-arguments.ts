/**
 * `prlimit` arguments for a run's resource limits. The limits are set on the first process and
 * inherited by everything it starts; each is per process except the number of processes, which the
 * kernel counts per user (the bwrap sandbox gives every run a user id of its own).
 */
import type { ResourceLimits } from '../spec/problem.ts';

const megabyte = 1024 * 1024;

/** `--cpu` gets a soft limit (SIGXCPU) and a hard one a second later (SIGKILL). */
export function limitArguments(
  limits: ResourceLimits,
  options: { readonly processes: boolean; readonly memoryLimit?: 'address-space' | 'data' },
): string[] {
  const cpu = Math.max(1, Math.ceil(limits.cpuSeconds));
  const memory = options.memoryLimit === 'data' ? '--data' : '--as';
  const args = [
    `--cpu=${cpu}:${cpu + 1}`,
    `${memory}=${Math.floor(limits.memoryMb * megabyte)}`,
    `--fsize=${Math.floor(limits.maxFileSizeMb * megabyte)}`,
    `--nofile=${Math.floor(limits.maxOpenFiles)}`,
    '--core=0',
  ];
  if (options.processes) args.push(`--nproc=${Math.floor(limits.maxProcesses)}`);
  return args;
}

/** Default size of the working-directory and `/tmp` tmpfs mounts when `limits.diskMb` is not set. */
export const defaultDiskMb = 256;

export function diskBytes(limits: ResourceLimits): number {
  return Math.floor((limits.diskMb ?? defaultDiskMb) * megabyte);
}
