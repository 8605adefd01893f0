/**
 * Evaluator bundles: a content-addressed, read-only snapshot of the problem folder's files that the
 * evaluator may read. Evaluations run against the bundle, never the live folder — which may hold the
 * event store (`.ratchet/`), a git history or dependencies that candidates must not see or change.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  chmod,
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { badInput } from '../core/errors.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import { compiledEvaluatorPath, compileEvaluatorModule } from './compile-module.ts';

/** Folder names never bundled, wherever they are. */
export const excludedNames: ReadonlySet<string> = new Set([
  '.ratchet',
  '.git',
  'node_modules',
  '__pycache__',
]);

/** The event store's database file (see `store/sqlite-event-store.ts`): a folder holding one is never bundled. */
const eventStoreFile = 'ratchet.db';

/** A bundle larger than this is refused: big data belongs in `sandbox.readOnlyPaths`. */
export const maxBundleBytes = 512 << 20;

interface BundleFile {
  readonly relative: string;
  /** The file to copy, or `content` for a file made here (a compiled evaluator). */
  readonly source: string | null;
  readonly content?: Buffer;
  readonly executable: boolean;
  readonly size: number;
}

async function listFiles(root: string, skip: readonly string[]): Promise<BundleFile[]> {
  const realRoot = await realpath(root);
  const files: BundleFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    // an event store kept somewhere inside the problem folder (`--store DIR`) stays out, whatever its name
    if (dir !== root && entries.some((entry) => entry.name === eventStoreFile)) return;
    for (const entry of entries) {
      if (excludedNames.has(entry.name) || entry.name.startsWith(eventStoreFile)) continue;
      const full = path.join(dir, entry.name);
      if (skip.some((excluded) => full === excluded || full.startsWith(`${excluded}${path.sep}`))) continue;
      let target = full;
      if (entry.isSymbolicLink()) {
        // follow links that stay inside the problem folder; a link out of it is not the evaluator's to read
        const resolved = await realpath(full).catch(() => null);
        if (resolved === null || !(resolved === realRoot || resolved.startsWith(`${realRoot}${path.sep}`)))
          continue;
        target = resolved;
      }
      const info = await stat(target);
      if (info.isDirectory()) {
        if (!entry.isSymbolicLink()) await walk(full);
      } else if (info.isFile()) {
        files.push({
          relative: path.relative(root, full).split(path.sep).join('/'),
          source: target,
          executable: (info.mode & 0o111) !== 0,
          size: info.size,
        });
      }
    }
  };
  await walk(root);
  return files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeReadOnly(full);
    else await chmod(full, ((await lstat(full)).mode & 0o111) !== 0 ? 0o555 : 0o444);
  }
  await chmod(dir, 0o555);
}

/**
 * Snapshots the problem folder into `cacheDir/<hash>` (once per content) and returns the hash and the
 * directory. The hash covers every file's path, executable bit and content. Excluded: `.ratchet/`,
 * `.git/`, `node_modules/`, `__pycache__/`, the cache directory itself, any folder holding an event store
 * (`ratchet.db`), and symbolic links leading out of the folder.
 */
export async function createBundle(
  problem: ResolvedProblem,
  cacheDir: string,
): Promise<{ hash: string; dir: string }> {
  const root = path.resolve(problem.dir);
  const cache = path.resolve(cacheDir);
  const files = await listFiles(root, [cache]);
  const evaluator = problem.evaluator;
  if (evaluator.kind === 'module') {
    // compiled on the host, next to the evaluator; a bundle unpacked elsewhere (a worker) already has it
    const relative = compiledEvaluatorPath(path.relative(root, path.resolve(root, evaluator.file)));
    if (!files.some((file) => file.relative === relative)) {
      const content = await compileEvaluatorModule(root, evaluator.file, problem.configFile);
      files.push({ relative, source: null, content, executable: false, size: content.length });
      files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
    }
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > maxBundleBytes) {
    throw badInput(`the problem folder holds ${Math.round(total / 2 ** 20)} MB of files to bundle`, {
      file: root,
      hint: 'move large data out of the problem folder and list it in sandbox.readOnlyPaths',
    });
  }
  const hash = createHash('sha256');
  for (const file of files) {
    const content = file.content ?? (await readFile(file.source as string));
    hash.update(`${file.relative}\0${file.executable ? 'x' : '-'}\0${content.length}\0`);
    hash.update(content);
  }
  const digest = hash.digest('hex');
  const dir = path.join(cache, digest);
  if (await stat(dir).catch(() => null)) return { hash: digest, dir };

  await mkdir(cache, { recursive: true });
  const staging = path.join(cache, `.staging-${digest.slice(0, 12)}-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(staging);
    for (const file of files) {
      const destination = path.join(staging, ...file.relative.split('/'));
      await mkdir(path.dirname(destination), { recursive: true });
      if (file.content !== undefined) await writeFile(destination, file.content);
      else await copyFile(file.source as string, destination);
    }
    await makeReadOnly(staging);
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // another process made the same bundle first: theirs is identical
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    if (await stat(staging).catch(() => null)) {
      await chmodTree(staging);
      await rm(staging, { recursive: true, force: true });
    }
  }
  return { hash: digest, dir };
}

async function chmodTree(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await chmodTree(path.join(dir, entry.name));
  }
}

/** Deletes a bundle (its files are read-only, so a plain recursive delete would fail for non-root users). */
export async function removeBundle(dir: string): Promise<void> {
  if (!(await stat(dir).catch(() => null))) return;
  await chmodTree(dir);
  await rm(dir, { recursive: true, force: true });
}
