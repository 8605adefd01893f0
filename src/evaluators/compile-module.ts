/**
 * TypeScript/JavaScript module evaluators are compiled once, on the host, into one self-contained ES
 * module that sits next to the evaluator in the bundle (`dir/.evaluator.ts.ratchet.mjs`, so that relative
 * `import.meta.url` paths still resolve). Evaluations then start plain Node on compiled code — no
 * TypeScript loader in the sandbox, tens of milliseconds instead of seconds per evaluation — and the
 * evaluator may import whatever it needs (its own helpers, npm packages, Ratchet's `src/verify`) with
 * ordinary static imports: they are resolved here, where they exist, and bundled in.
 */

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { badInput } from '../core/errors.ts';

/** The compiled evaluator's path, relative to the problem folder, for an evaluator file. */
export function compiledEvaluatorPath(file: string): string {
  const normalised = file.split(path.sep).join('/').replace(/^\.\//, '');
  const slash = normalised.lastIndexOf('/');
  return `${normalised.slice(0, slash + 1)}.${normalised.slice(slash + 1)}.ratchet.mjs`;
}

const definePath = fileURLToPath(new URL('../define-problem.ts', import.meta.url));

// bundled CommonJS dependencies may call require() for Node's built-ins
const requireShim =
  "import { createRequire as __ratchetCreateRequire } from 'node:module'; const require = __ratchetCreateRequire(import.meta.url);";

/** Compiles a module evaluator of `problemDir` into one ES module (with an inline source map). */
export async function compileEvaluatorModule(
  problemDir: string,
  file: string,
  configFile: string | null,
): Promise<Buffer> {
  const entry = path.resolve(problemDir, file);
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      sourcemap: 'inline',
      sourceRoot: problemDir,
      logLevel: 'silent',
      alias: { ratchet: definePath },
      banner: { js: requireShim },
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error('esbuild produced no output');
    return Buffer.from(output.contents);
  } catch (error) {
    const errors = (
      error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }
    ).errors;
    const detail =
      errors === undefined
        ? (error as Error).message
        : errors
            .slice(0, 5)
            .map((item) =>
              item.location ? `${item.location.file}:${item.location.line}: ${item.text}` : item.text,
            )
            .join('; ');
    throw badInput(`the evaluator ${file} does not compile: ${detail}`, {
      file: configFile ?? entry,
      field: 'evaluator',
      hint: 'fix the evaluator module (its imports must resolve from the problem folder)',
    });
  }
}

let compiledHarness: string | undefined;

/**
 * The module harness (`src/runtime/module-harness.mts`) compiled to plain JavaScript, once per process,
 * into a content-addressed, world-readable file (evaluations run under another uid).
 */
export async function moduleHarnessScript(harnessSource: string): Promise<string> {
  if (compiledHarness !== undefined) return compiledHarness;
  const result = await build({
    entryPoints: [harnessSource],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const code = Buffer.from((result.outputFiles[0] as { contents: Uint8Array }).contents);
  const digest = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `ratchet-runtime-${digest}`);
  const target = path.join(dir, 'module-harness.mjs');
  try {
    if (readFileSync(target).equals(code)) {
      compiledHarness = target;
      return target;
    }
  } catch {
    // not there yet
  }
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const staging = `${target}.${process.pid}.tmp`;
  writeFileSync(staging, code, { mode: 0o644 });
  renameSync(staging, target);
  compiledHarness = target;
  return target;
}
