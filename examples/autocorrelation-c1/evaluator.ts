/**
 * Evaluator (a TypeScript module run by Ratchet's module harness, inside the sandbox): runs the candidate
 * program as a subprocess with a timeout, reads the JSON construction it prints, and scores it with
 * Ratchet's exact verifier (src/verify, the same code as `ratchet verify`). The value is computed from the
 * construction, never taken from the program; feasibility is decided exactly, with the tolerance of
 * verifier.json (default 0). The verifier id is in verifier.json.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EvaluatorContext, EvaluatorOutput } from 'ratchet';
import type * as Verify from '../../src/verify/index.ts';

// ratchet.config.ts mounts Ratchet's src/ read-only and names it in RATCHET_SOURCE_DIR
let verify: Promise<typeof Verify> | undefined;

function loadVerify(): Promise<typeof Verify> {
  const source = process.env['RATCHET_SOURCE_DIR'];
  if (source === undefined)
    throw new Error('RATCHET_SOURCE_DIR is not set: run this problem through its ratchet.config.ts');
  verify ??= import(pathToFileURL(path.join(source, 'verify', 'index.ts')).href) as Promise<typeof Verify>;
  return verify;
}

export async function evaluate(context: EvaluatorContext): Promise<EvaluatorOutput> {
  return (await loadVerify()).evaluateProblemFolderCandidate(context);
}
