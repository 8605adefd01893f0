/**
 * Builds the bubblewrap command line for one run (pure: the caller opens the descriptors).
 *
 * Inside: the system read-only (see `system-mounts.ts`), a fresh `/proc` and `/dev`, a private
 * size-limited `/tmp` and `/dev/shm`, the run's mounts at their own paths, and the working directory as a
 * size-limited tmpfs filled with copies of the host directory's files (so writes never reach the host
 * disk). New PID, IPC, UTS, cgroup and (unless opted in) network namespaces, a new session, a cleared
 * environment, death with the parent, the seccomp filter, then the launch chain (`launcher.ts`): the
 * resource limits and — when the engine runs as root — the drop to an unprivileged user id of the run's
 * own.
 */
import path from 'node:path';
import type { SandboxRunSpec } from '../spec/sandbox.ts';
import { type LaunchChain, launchArguments, launcherTarget } from './launcher.ts';
import { diskBytes, limitArguments } from './limit-arguments.ts';
import type { SystemMount } from './system-mounts.ts';

/** A directory or file recreated inside the working-directory tmpfs. */
export type WorkEntry =
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 'file'; readonly path: string; readonly fd: number; readonly executable: boolean };

export interface BwrapLayout {
  readonly system: readonly SystemMount[];
  readonly workEntries: readonly WorkEntry[];
  /** Child descriptor holding the seccomp program, or null for none. */
  readonly seccompFd: number | null;
  /** When the engine is root: the user and group id the run drops to. Null: bwrap maps the caller. */
  readonly runAs: number | null;
  /** The programs that set the limits and drop the user before the command. */
  readonly chain: LaunchChain;
  /** Child descriptor for bwrap's JSON status lines (`--json-status-fd`), if wanted. */
  readonly statusFd?: number;
}

/** Everything after `bwrap` on the command line. */
export function bwrapArguments(spec: SandboxRunSpec, layout: BwrapLayout): string[] {
  const args: string[] = [];
  const tmpfsSize = String(diskBytes(spec.limits));
  /** Paths whose content comes from the host (ancestors below them exist already). */
  const bound: string[] = [];
  /** Directories that exist inside (created or mounted). */
  const present = new Set<string>(['/']);
  const isUnderBound = (target: string): boolean =>
    bound.some((root) => target === root || target.startsWith(`${root}/`));
  const ensureParents = (target: string): void => {
    const parents: string[] = [];
    for (let dir = path.dirname(target); dir !== '/' && !present.has(dir); dir = path.dirname(dir)) {
      if (isUnderBound(dir)) break;
      parents.unshift(dir);
    }
    for (const dir of parents) {
      args.push('--perms', '0755', '--dir', dir);
      present.add(dir);
    }
  };

  for (const mount of layout.system) {
    ensureParents(mount.path);
    if (mount.kind === 'symlink') args.push('--symlink', mount.target, mount.path);
    else args.push('--ro-bind', mount.source ?? mount.path, mount.path);
    bound.push(mount.path);
  }
  args.push('--proc', '/proc', '--dev', '/dev');
  bound.push('/proc', '/dev');
  if (layout.chain.kind === 'launcher') {
    ensureParents(launcherTarget);
    args.push('--ro-bind', layout.chain.path, launcherTarget);
    bound.push(launcherTarget);
  }
  args.push('--size', tmpfsSize, '--perms', '1777', '--tmpfs', '/dev/shm');
  args.push('--size', tmpfsSize, '--perms', '1777', '--tmpfs', '/tmp');
  present.add('/tmp');

  const mounts = [...spec.mounts].sort((a, b) => depth(a.path) - depth(b.path));
  for (const mount of mounts) {
    ensureParents(mount.path);
    args.push(mount.writable ? '--bind' : '--ro-bind', mount.path, mount.path);
    bound.push(mount.path);
  }

  ensureParents(spec.cwd);
  args.push('--size', tmpfsSize, '--perms', '0777', '--tmpfs', spec.cwd);
  for (const entry of layout.workEntries) {
    if (entry.kind === 'dir') args.push('--perms', '0777', '--dir', entry.path);
    else args.push('--perms', entry.executable ? '0777' : '0666', '--file', String(entry.fd), entry.path);
  }
  args.push('--remount-ro', '/', '--chdir', spec.cwd);

  args.push('--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try');
  if (!spec.network) args.push('--unshare-net');
  if (layout.runAs === null) args.push('--unshare-user', '--disable-userns');
  args.push('--hostname', 'ratchet', '--die-with-parent', '--new-session', '--clearenv');
  for (const [name, value] of Object.entries(spec.env)) args.push('--setenv', name, value);
  if (layout.seccompFd !== null) args.push('--seccomp', String(layout.seccompFd));
  if (layout.statusFd !== undefined) args.push('--json-status-fd', String(layout.statusFd));
  if (layout.runAs !== null) args.push('--cap-add', 'CAP_SETUID,CAP_SETGID');

  const limits = limitArguments(spec.limits, {
    processes: true,
    ...(spec.memoryLimit === undefined ? {} : { memoryLimit: spec.memoryLimit }),
  });
  args.push('--', ...launchArguments(layout.chain, limits, layout.runAs));
  args.push(...spec.command);
  return args;
}

function depth(target: string): number {
  return target.split('/').length;
}
