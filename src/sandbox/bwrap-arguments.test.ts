import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxRunSpec } from '../spec/sandbox.ts';
import { type BwrapLayout, bwrapArguments } from './bwrap-arguments.ts';
import { systemMounts } from './system-mounts.ts';

const spec: SandboxRunSpec = {
  command: ['python3', 'evaluate.py'],
  cwd: '/tmp/ratchet-work-x/evaluation-1',
  mounts: [
    { path: '/srv/data/set', writable: false },
    { path: '/var/cache/bundles/abc', writable: false },
  ],
  env: { PATH: '/usr/bin', HOME: '/tmp/ratchet-work-x/evaluation-1' },
  timeoutMs: 1000,
  limits: {
    cpuSeconds: 5,
    memoryMb: 512,
    maxProcesses: 32,
    maxFileSizeMb: 4,
    maxOpenFiles: 64,
    maxOutputBytes: 1024,
    diskMb: 8,
  },
  network: false,
  resultChannel: true,
};

const layout: BwrapLayout = {
  system: [
    { kind: 'ro-bind', path: '/usr' },
    { kind: 'symlink', path: '/bin', target: 'usr/bin' },
    { kind: 'ro-bind', path: '/etc', source: '/tmp/ratchet-etc-x/etc' },
    { kind: 'ro-bind', path: '/etc/resolv.conf' },
  ],
  workEntries: [
    { kind: 'dir', path: '/tmp/ratchet-work-x/evaluation-1/lib' },
    { kind: 'file', path: '/tmp/ratchet-work-x/evaluation-1/main.py', fd: 4, executable: false },
  ],
  seccompFd: 5,
  runAs: 1_500_000_123,
  chain: { kind: 'util-linux', prlimit: '/usr/bin/prlimit', setpriv: '/usr/bin/setpriv' },
};

/** The argument pairs `flag value` in order, as strings `flag value`. */
function pairs(args: readonly string[], flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag ? [`${flag} ${args[index + 1]}`] : []));
}

describe('bwrapArguments', () => {
  const args = bwrapArguments(spec, layout);

  it('binds the system and the mounts read-only at their own paths, creating missing parents first', () => {
    expect(pairs(args, '--ro-bind')).toEqual([
      '--ro-bind /usr',
      '--ro-bind /tmp/ratchet-etc-x/etc',
      '--ro-bind /etc/resolv.conf',
      '--ro-bind /srv/data/set',
      '--ro-bind /var/cache/bundles/abc',
    ]);
    expect(args[args.indexOf('/tmp/ratchet-etc-x/etc') + 1]).toBe('/etc');
    const dirs = pairs(args, '--dir');
    expect(dirs).not.toContain('--dir /etc');
    expect(dirs).toContain('--dir /srv/data');
    expect(dirs).toContain('--dir /tmp/ratchet-work-x');
    expect(args).not.toContain('--bind');
  });

  it('makes the working directory a size-limited tmpfs holding copies of the files', () => {
    const cwdIndex = args.lastIndexOf('--tmpfs');
    expect(args[cwdIndex + 1]).toBe(spec.cwd);
    expect(args.slice(cwdIndex - 4, cwdIndex)).toEqual([
      '--size',
      String(8 * 1024 * 1024),
      '--perms',
      '0777',
    ]);
    expect(pairs(args, '--file')).toEqual(['--file 4']);
    expect(args[args.indexOf('--file') + 2]).toBe('/tmp/ratchet-work-x/evaluation-1/main.py');
    expect(pairs(args, '--chdir')).toEqual([`--chdir ${spec.cwd}`]);
  });

  it('isolates: namespaces, no network, cleared environment, seccomp, death with the parent', () => {
    for (const flag of [
      '--unshare-pid',
      '--unshare-net',
      '--unshare-ipc',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
    ]) {
      expect(args).toContain(flag);
    }
    expect(pairs(args, '--seccomp')).toEqual(['--seccomp 5']);
    expect(pairs(args, '--setenv')).toEqual(['--setenv PATH', '--setenv HOME']);
    expect(bwrapArguments({ ...spec, network: true }, layout)).not.toContain('--unshare-net');
  });

  it('runs prlimit, then setpriv down to the run user, then the command', () => {
    const command = args.slice(args.indexOf('--') + 1);
    expect(command[0]).toBe('/usr/bin/prlimit');
    expect(command).toContain('--as=536870912');
    expect(command).toContain('--nproc=32');
    expect(command).toContain('--cpu=5:6');
    const setpriv = command.indexOf('/usr/bin/setpriv');
    expect(command.slice(setpriv + 1, setpriv + 3)).toEqual(['--reuid=1500000123', '--regid=1500000123']);
    expect(command.slice(-2)).toEqual(['python3', 'evaluate.py']);
    expect(args).toContain('--cap-add');
  });

  it('with the launcher: binds it read-only inside and runs it once for the limits and the user', () => {
    const launched = bwrapArguments(spec, {
      ...layout,
      chain: { kind: 'launcher', path: '/tmp/ratchet-0/launch-x/ratchet-launch', compiler: '/usr/bin/cc' },
    });
    expect(pairs(launched, '--ro-bind')).toContain('--ro-bind /tmp/ratchet-0/launch-x/ratchet-launch');
    expect(launched[launched.indexOf('/tmp/ratchet-0/launch-x/ratchet-launch') + 1]).toBe(
      '/run/ratchet/launch',
    );
    expect(launched.indexOf('/run/ratchet/launch')).toBeLessThan(launched.indexOf('--remount-ro'));
    const command = launched.slice(launched.indexOf('--') + 1);
    expect(command[0]).toBe('/run/ratchet/launch');
    expect(command).toContain('--nproc=32');
    expect(command).toContain('--uid=1500000123');
    expect(command).not.toContain('/usr/bin/prlimit');
    expect(command).not.toContain('/usr/bin/setpriv');
    expect(command.slice(-3)).toEqual(['--', 'python3', 'evaluate.py']);
    const unprivileged = bwrapArguments(spec, {
      ...layout,
      runAs: null,
      chain: { kind: 'launcher', path: '/l', compiler: '/usr/bin/cc' },
    });
    expect(unprivileged.some((arg) => arg.startsWith('--uid='))).toBe(false);
  });

  it('uses a user namespace instead when the engine is not root', () => {
    const unprivileged = bwrapArguments(spec, { ...layout, runAs: null });
    expect(unprivileged).toContain('--unshare-user');
    expect(unprivileged).toContain('--disable-userns');
    expect(unprivileged).not.toContain('/usr/bin/setpriv');
    expect(unprivileged).not.toContain('--cap-add');
  });

  it('limits private memory instead of address space when asked (Node)', () => {
    const node = bwrapArguments({ ...spec, memoryLimit: 'data' }, layout);
    expect(node).toContain('--data=536870912');
    expect(node.some((arg) => arg.startsWith('--as='))).toBe(false);
  });
});

describe('systemMounts', () => {
  it('never exposes secrets or homes; /etc is a snapshot of an allowlist; resolv.conf only with the network', () => {
    const mounts = systemMounts({ network: false });
    const paths = mounts.map((mount) => mount.path);
    for (const secret of ['/root', '/home', '/var', '/run', '/tmp']) expect(paths).not.toContain(secret);
    expect(paths).toContain('/usr');
    const etc = mounts.find((mount) => mount.path === '/etc');
    const source = etc?.kind === 'ro-bind' ? (etc.source ?? '') : '';
    expect(source).not.toBe('');
    expect(existsSync(path.join(source, 'passwd'))).toBe(true);
    for (const secret of ['shadow', 'gshadow', 'ssh', 'sudoers', 'ssl/private']) {
      expect(existsSync(path.join(source, secret))).toBe(false);
    }
    // only an empty mount point, for the network opt-in
    expect(readFileSync(path.join(source, 'resolv.conf'), 'utf8')).toBe('');
    expect(paths).not.toContain('/etc/resolv.conf');
    const withNetwork = systemMounts({ network: true }).map((mount) => mount.path);
    expect(withNetwork.includes('/etc/resolv.conf')).toBe(existsSync('/etc/resolv.conf'));
  });
});
