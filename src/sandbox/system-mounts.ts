/**
 * The host paths every sandboxed evaluation sees, read-only: the system (`/usr` and the top-level
 * links into it) and an allowlist of `/etc` entries that programs need (dynamic linker cache,
 * alternatives, time zone, users/groups, TLS roots). Everything else — `/root`, `/home`, `/etc/shadow`,
 * `/etc/ssh`, `/var`, `/run`, `/opt`, `/srv`, `/work`, … — is simply absent inside.
 *
 * The `/etc` allowlist is copied into a snapshot folder that is bound as `/etc` in one mount (twenty-odd
 * bind mounts per evaluation cost more than the copy). With the network, the live `/etc/resolv.conf` is
 * bound on top.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
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

/** A folder of this user's own under the temp folder (not a symlink, not writable by others), or null. */
export function privateTempDir(): string | null {
  const uid = process.getuid?.() ?? 0;
  const dir = path.join(os.tmpdir(), `ratchet-${uid}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    // exists already: trusted only if it is ours and closed to others
  }
  try {
    const stat = lstatSync(dir);
    return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o022) === 0 ? dir : null;
  } catch {
    return null;
  }
}

function hashTree(dir: string, hash: ReturnType<typeof createHash>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    hash.update(`${entry.name}\0`);
    if (entry.isSymbolicLink()) hash.update(`link:${readlinkSync(full)}\0`);
    else if (entry.isDirectory()) {
      hash.update('dir\0');
      hashTree(full, hash);
      hash.update('end\0');
    } else hash.update(readFileSync(full));
  }
}

/** Staging folders (of the /etc snapshot, of the launcher) of processes that died midway (older than ten minutes). */
function removeStaleStaging(home: string): void {
  for (const name of readdirSync(home)) {
    if (!/^(etc|launch)-staging-/.test(name)) continue;
    const full = path.join(home, name);
    try {
      if (Date.now() - lstatSync(full).mtimeMs > 10 * 60_000) rmSync(full, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

/**
 * A copy of the `/etc` allowlist (symbolic links kept as links), content-addressed under a private
 * folder of the user's (`<tmp>/ratchet-<uid>/etc-<hash>`) so that every engine process shares it and
 * none leaves one behind. Made once per process; falls back to a per-process folder.
 */
export function etcSnapshot(): string {
  if (snapshot !== undefined && existsSync(snapshot)) return snapshot;
  const home = privateTempDir();
  if (home !== null) removeStaleStaging(home);
  const staging = mkdtempSync(path.join(home ?? os.tmpdir(), 'etc-staging-'));
  for (const entry of etcEntries) {
    const source = `/etc/${entry}`;
    if (kindOf(source) === null) continue;
    const destination = path.join(staging, entry);
    mkdirSync(path.dirname(destination), { recursive: true });
    try {
      cpSync(source, destination, { recursive: true, verbatimSymlinks: true, errorOnExist: false });
    } catch {
      // an unreadable entry stays out
    }
  }
  // an empty mount point, so that with the network the live resolv.conf can be bound over it (bwrap
  // cannot create a file inside the read-only snapshot); without the network it stays empty
  writeFileSync(path.join(staging, 'resolv.conf'), '', { mode: 0o644 });
  chmodSync(staging, 0o755);
  if (home === null) {
    process.once('exit', () => rmSync(staging, { recursive: true, force: true }));
    snapshot = staging;
    return staging;
  }
  const hash = createHash('sha256');
  hashTree(staging, hash);
  const final = path.join(home, `etc-${hash.digest('hex').slice(0, 24)}`);
  if (existsSync(final)) rmSync(staging, { recursive: true, force: true });
  else {
    try {
      renameSync(staging, final);
    } catch {
      // another process made the same snapshot first
      rmSync(staging, { recursive: true, force: true });
    }
  }
  snapshot = final;
  return final;
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
