/**
 * Where the code that runs inside the sandbox lives: the harnesses in `src/runtime`, and tsx (with its
 * dependencies) for TypeScript evaluators. All of it is mounted read-only into every evaluation.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The `src/runtime` folder. */
export const runtimeDir = fileURLToPath(new URL('../runtime/', import.meta.url)).replace(/\/$/, '');
export const openEvolveHarnessFile = path.join(runtimeDir, 'openevolve-harness.py');
export const moduleHarnessFile = path.join(runtimeDir, 'module-harness.mts');

export interface TsxRuntime {
  /** URL for `node --import`. */
  readonly loaderUrl: string;
  /** The `node_modules` folder holding tsx and its dependencies (to mount). */
  readonly nodeModulesDir: string;
}

let tsx: TsxRuntime | undefined;

/** Finds tsx the way Node would from this package. */
export function tsxRuntime(): TsxRuntime {
  if (tsx !== undefined) return tsx;
  const loader = createRequire(import.meta.url).resolve('tsx');
  const marker = `${path.sep}node_modules${path.sep}`;
  const nodeModulesDir = loader.slice(0, loader.lastIndexOf(marker) + marker.length - 1);
  tsx = { loaderUrl: pathToFileURL(loader).href, nodeModulesDir };
  return tsx;
}
