/**
 * The host paths every sandboxed evaluation sees, read-only: the system (`/usr` and the top-level
 * links into it) and an allowlist of `/etc` entries that programs need (dynamic linker cache,
 * alternatives, time zone, users/groups, TLS roots). Everything else — `/root`, `/home`, `/etc/shadow`,
 * `/etc/ssh`, `/var`, `/run`, `/opt`, `/srv`, `/work`, … — is simply absent inside.
 *
 * The `/etc` allowlist is copied once per engine process into a private snapshot folder that is bound as
 * `/etc` in one mount (twenty-odd bind mounts per evaluation cost more than the copy). With the network,
 * the live `/etc/resolv.conf` is bound on top.
 */
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type SystemMount =
  | { readonly kind: 'ro-bind'; readonly path: string; readonly source?: string }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string };

const topLevel = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/** What is visible of the host's `/etc` (nothing else of it is). */
export const etcEntries: readonly string[] = [
  'alternatives',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'localtime',
  'timezone',
  'passwd',
  'group',
  'nsswitch.conf',
  'hosts',
  'host.conf',
  'gai.conf',
  'protocols',
  'services',
  'mime.types',
  'os-release',
  'debian_version',
  'python3',
  'python3.11',
  'python3.12',
  'python3.13',
  'ssl/certs',
  'ssl/openssl.cnf',
  'ca-certificates',
  'ca-certificates.conf',
  'fonts',
  'magic',
  'magic.mime',
];

function kindOf(target: string): 'dir' | 'file' | 'symlink' | null {
  try {
    const stat = lstatSync(target);
    return stat.isSymbolicLink() ? 'symlink' : stat.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

let snapshot: string | undefined;

/**
 * A private copy of the `/etc` allowlist (symbolic links kept as links), made once per process in a
 * fresh temp folder and removed when the process exits.
 */
export function etcSnapshot(): string {
  if (snapshot !== undefined && existsSync(snapshot)) return snapshot;
  const root = mkdtempSync(path.join(os.tmpdir(), 'ratchet-etc-'));
  const etc = path.join(root, 'etc');
  mkdirSync(etc);
  for (const entry of etcEntries) {
    const source = `/etc/${entry}`;
    if (kindOf(source) === null) continue;
    const destination = path.join(etc, entry);
    mkdirSync(path.dirname(destination), { recursive: true });
    try {
      cpSync(source, destination, { recursive: true, verbatimSymlinks: true, errorOnExist: false });
    } catch {
      // an unreadable entry (e.g. a private key folder someone put there) stays out
    }
  }
  chmodSync(root, 0o755);
  const created = etc;
  snapshot = created;
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  return created;
}

/** The system mounts for this host, in mount order. */
export function systemMounts(options: { readonly network: boolean }): SystemMount[] {
  const mounts: SystemMount[] = [];
  for (const target of topLevel) {
    const kind = kindOf(target);
    if (kind === 'symlink') mounts.push({ kind: 'symlink', path: target, target: readlinkSync(target) });
    else if (kind === 'dir') mounts.push({ kind: 'ro-bind', path: target });
  }
  mounts.push({ kind: 'ro-bind', path: '/etc', source: etcSnapshot() });
  // bound live, by its target's content (resolv.conf is often a link into /run)
  if (options.network && existsSync('/etc/resolv.conf'))
    mounts.push({ kind: 'ro-bind', path: '/etc/resolv.conf' });
  return mounts;
}
