/**
 * Loads node-llama-cpp from the runtime folder in the cache, by absolute path, on first use only.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RatchetError } from '../core/errors.ts';
import type { CachePaths } from './cache-dir.ts';
import type { NodeLlamaCpp } from './node-llama-cpp-api.ts';
import { runtimePackage, runtimeStatus, runtimeVersion } from './runtime-install.ts';

const loaded = new Map<string, Promise<NodeLlamaCpp>>();

/** The hint for a missing runtime, for every message that says so. */
export const installHint =
  'run `ratchet models install` once (it installs node-llama-cpp into Ratchet’s cache and downloads the default model), ' +
  'or pass --yes to `ratchet run`; without a network, use a hosted model with an API key or --model mutate';

async function importRuntime(paths: CachePaths): Promise<NodeLlamaCpp> {
  const status = await runtimeStatus(paths);
  if (!status.installed)
    throw new RatchetError(
      'not-found',
      status.version === undefined
        ? `the local model runtime (${runtimePackage}) is not installed in ${paths.runtime}`
        : `the local model runtime in ${paths.runtime} is ${runtimePackage} ${status.version}, not ${runtimeVersion}`,
      { field: 'model', hint: installHint },
    );
  const require = createRequire(path.join(paths.runtime, 'package.json'));
  const entry = require.resolve(runtimePackage);
  return (await import(pathToFileURL(entry).href)) as NodeLlamaCpp;
}

/** node-llama-cpp from `<cache>/runtime`; throws `RatchetError('not-found')` saying what to run when absent. */
export function loadRuntime(paths: CachePaths): Promise<NodeLlamaCpp> {
  let promise = loaded.get(paths.runtime);
  if (promise === undefined) {
    promise = importRuntime(paths);
    loaded.set(paths.runtime, promise);
    promise.catch(() => loaded.delete(paths.runtime));
  }
  return promise;
}
