/**
 * Evaluator bundles in Redis: packed once per content hash by the controller, fetched by workers that
 * lack them, unpacked and re-hashed (with the same `createBundle` as local runs) before anything runs.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { RatchetError } from '../core/errors.ts';
import { createBundle, removeBundle } from '../evaluators/bundle.ts';
import { unsafePathReason } from '../evaluators/evaluate-job.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import { bundleKey } from './queue-keys.ts';

interface PackedFile {
  readonly path: string;
  readonly executable: boolean;
  /** base64 */
  readonly content: string;
}

/** Packs a bundle directory (paths, executable bits, contents) into one gzipped buffer. */
export async function packBundle(dir: string): Promise<Buffer> {
  const files: PackedFile[] = [];
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        files.push({
          path: path.relative(dir, full).split(path.sep).join('/'),
          executable: ((await stat(full)).mode & 0o111) !== 0,
          content: (await readFile(full)).toString('base64'),
        });
      }
    }
  };
  await walk(dir);
  return gzipSync(JSON.stringify({ files }));
}

/** Writes a packed bundle's files under `target`; refuses unsafe paths. */
export async function unpackBundle(packed: Buffer, target: string): Promise<void> {
  const parsed = JSON.parse(gunzipSync(packed).toString('utf8')) as { files?: unknown };
  if (!Array.isArray(parsed.files)) throw new Error('the packed bundle has no file list');
  for (const file of parsed.files as PackedFile[]) {
    const reason = typeof file.path === 'string' ? unsafePathReason(file.path) : 'is not a string';
    if (reason !== null) throw new Error(`the packed bundle has a file path that ${reason}`);
    const destination = path.join(target, ...file.path.split('/'));
    await mkdir(path.dirname(destination), { recursive: true });
    await writeFile(destination, Buffer.from(file.content, 'base64'), {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
}

/** Stores a bundle under its hash unless it is there already; refreshes its expiry either way. */
export async function storeBundle(
  redis: Redis,
  bundle: { readonly hash: string; readonly dir: string },
  keepSeconds: number,
): Promise<'stored' | 'present'> {
  const key = bundleKey(bundle.hash);
  if ((await redis.expire(key, keepSeconds)) === 1) return 'present';
  await redis.set(key, await packBundle(bundle.dir), 'EX', keepSeconds, 'NX');
  return 'stored';
}

/**
 * Fetches the bundle `hash` from Redis into `cacheDir` (through a staging folder in `stagingRoot`,
 * which must lie outside `cacheDir`) and verifies it: the re-computed hash must equal `hash`.
 */
export async function fetchBundle(
  redis: Redis,
  hash: string,
  problem: ResolvedProblem,
  dirs: { readonly cacheDir: string; readonly stagingRoot: string },
): Promise<string> {
  const packed = await redis.getBuffer(bundleKey(hash));
  if (packed === null) {
    throw new Error(
      `bundle ${hash.slice(0, 12)} is not in Redis (expired, or Redis restarted); the controller stores it again on its next sweep`,
    );
  }
  await mkdir(dirs.stagingRoot, { recursive: true });
  const staging = await mkdtemp(path.join(dirs.stagingRoot, `${hash.slice(0, 12)}-`));
  try {
    await unpackBundle(packed, staging);
    const made = await createBundle({ ...problem, dir: staging }, dirs.cacheDir);
    if (made.hash !== hash) {
      await removeBundle(made.dir);
      throw new RatchetError(
        'evaluator',
        `the bundle fetched from Redis for ${hash.slice(0, 12)} hashes to ${made.hash.slice(0, 12)}; it was not run`,
        { hint: 'someone wrote a different bundle under that key: check who can write to this Redis' },
      );
    }
    return made.dir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
