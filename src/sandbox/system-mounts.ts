/**
 * The host paths every sandboxed evaluation sees, read-only: the system (`/usr` and the top-level
 * links into it) and an allowlist of `/etc` entries that programs need (dynamic linker cache,
 * alternatives, time zone, users/groups, TLS roots). Everything else — `/root`, `/home`, `/etc/shadow`,
 * `/etc/ssh`, `/var`, `/run`, `/opt`, `/srv`, `/work`, … — is simply absent inside.
 */
import { existsSync, lstatSync, readlinkSync } from 'node:fs';

export type SystemMount =
  | { readonly kind: 'ro-bind'; readonly path: string }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string };

const topLevel = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

const etcEntries = [
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

/** Only visible when the problem opts into the network. */
const networkEtcEntries = ['resolv.conf'];

function kindOf(path: string): 'dir' | 'file' | 'symlink' | null {
  try {
    const stat = lstatSync(path);
    return stat.isSymbolicLink() ? 'symlink' : stat.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** The system mounts for this host, in mount order. */
export function systemMounts(options: { readonly network: boolean }): SystemMount[] {
  const mounts: SystemMount[] = [];
  for (const path of topLevel) {
    const kind = kindOf(path);
    if (kind === 'symlink') mounts.push({ kind: 'symlink', path, target: readlinkSync(path) });
    else if (kind === 'dir') mounts.push({ kind: 'ro-bind', path });
  }
  const entries = options.network ? [...etcEntries, ...networkEtcEntries] : etcEntries;
  for (const entry of entries) {
    const path = `/etc/${entry}`;
    // a symlink is bound by its target's content (resolv.conf → /run/…), which is what programs read
    if (existsSync(path)) mounts.push({ kind: 'ro-bind', path });
  }
  return mounts;
}
