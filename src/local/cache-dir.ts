/**
 * Ratchet's cache folder: `$RATCHET_CACHE_DIR`, else `$XDG_CACHE_HOME/ratchet`, else `~/.cache/ratchet`.
 * It holds the local model runtime (`runtime/`) and downloaded models (`models/`).
 */
import os from 'node:os';
import path from 'node:path';

/** The folders inside the cache. */
export interface CachePaths {
  readonly root: string;
  /** The npm prefix where node-llama-cpp is installed. */
  readonly runtime: string;
  /** Downloaded GGUF files, by source (`models/huggingface/<owner>/<repo>/<file>`). */
  readonly models: string;
}

/** The cache root for an environment (the CLI passes `process.env`). */
export function resolveCacheDir(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string = os.homedir(),
): string {
  const explicit = env['RATCHET_CACHE_DIR']?.trim();
  if (explicit) return path.resolve(explicit);
  const xdg = env['XDG_CACHE_HOME']?.trim();
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'ratchet');
  return path.join(homeDir, '.cache', 'ratchet');
}

/** The folders of a cache root. */
export function cachePaths(root: string): CachePaths {
  return { root, runtime: path.join(root, 'runtime'), models: path.join(root, 'models') };
}
