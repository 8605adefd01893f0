/**
 * Runs a TypeScript candidate's exported function on test arguments. Part of the code-repair checker;
 * runs INSIDE the sandbox, as a child of the checker, never trusted with the expected values.
 *
 * Usage: node --import "$RATCHET_TS_LOADER" run-typescript.mts CANDIDATE_FILE FUNCTION_NAME  (stdin: a JSON list of
 * argument lists). For each it writes one JSON line to file descriptor 3: `{"index", "ok": true, "value"}`
 * or `{"index", "ok": false, "error": "Name: message", "trace": "the candidate's frames"}`; a candidate
 * that cannot be loaded gives one line `{"load_error", "trace"}`. What the candidate logs goes to stderr.
 */
import { readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [candidateArgument = '', functionName = ''] = process.argv.slice(2);
const candidate = path.resolve(candidateArgument);
const cases = JSON.parse(readFileSync(0, 'utf8')) as unknown[][];
const write = (line: unknown): void => {
  writeSync(3, `${JSON.stringify(line)}\n`);
};
// the candidate's logs must not mix with the results
console.log = console.error;

/** The stack of `error`, keeping only the frames in the candidate's file, with the folder removed. */
function candidateFrames(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frames = (error.stack ?? '')
    .split('\n')
    .slice(1)
    .filter((line) => line.includes(candidate))
    .map((line) => line.replace(pathToFileURL(candidate).href, path.basename(candidate)))
    .map((line) => line.replace(candidate, path.basename(candidate)));
  return [`${error.name}: ${error.message}`, ...frames].join('\n');
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;
}

/** JSON data: non-finite numbers and undefined become {"repr"} so that they cannot pass for numbers. */
function plain(value: unknown): unknown {
  if (value === undefined) return { repr: 'undefined' };
  if (typeof value === 'number' && !Number.isFinite(value)) return { repr: String(value) };
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}

let run: (...args: unknown[]) => unknown;
try {
  const module = (await import(pathToFileURL(candidate).href)) as Record<string, unknown>;
  const exported = module[functionName];
  if (typeof exported !== 'function') throw new TypeError(`the module exports no function ${functionName}`);
  run = exported as (...args: unknown[]) => unknown;
} catch (error) {
  write({ load_error: describe(error), trace: candidateFrames(error) });
  process.exit(0);
}
for (const [index, args] of cases.entries()) {
  try {
    write({ index, ok: true, value: plain(await run(...structuredClone(args))) });
  } catch (error) {
    write({ index, ok: false, error: describe(error), trace: candidateFrames(error) });
  }
}
process.exit(0);
