/**
 * What `ratchet verify PROBLEM …` accepts as PROBLEM: a verifier id, or a problem folder whose
 * `verifier.json` names one (`{ "verifier": "circle-packing-26" }`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { badInput } from '../core/errors.ts';
import { parseJsonAllowingNonFinite } from './construction.ts';
import { findProblemVerifier, getProblemVerifier } from './problem-verifiers.ts';
import { lastJson } from './program-evaluation.ts';

/** The file in a problem folder that names its verifier. */
export const verifierFileName = 'verifier.json';

/** Resolves a verifier id or a problem folder to a verifier id (bad input when neither). */
export function resolveVerifierId(target: string): string {
  if (findProblemVerifier(target) !== undefined) return target;
  if (!existsSync(target)) return getProblemVerifier(target).id; // throws, listing the ids
  const file = statSync(target).isDirectory() ? path.join(target, verifierFileName) : target;
  if (!existsSync(file)) {
    throw badInput(`${target} has no ${verifierFileName}`, {
      file: target,
      hint: `name a verifier id directly, or add ${verifierFileName} with {"verifier": "<id>"} to the folder`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw badInput(`not valid JSON: ${(error as Error).message}`, {
      file,
      hint: 'write {"verifier": "<id>"}',
    });
  }
  const id =
    typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['verifier'] : undefined;
  if (typeof id !== 'string')
    throw badInput('no "verifier" string', { file, field: 'verifier', hint: 'write {"verifier": "<id>"}' });
  return getProblemVerifier(id).id;
}

/**
 * Parses the text of a construction file: a JSON document, or a program's output whose last JSON line is
 * the construction. Accepts Python's NaN/Infinity tokens. Bad input when there is no JSON.
 */
export function parseConstructionText(text: string, file: string): unknown {
  try {
    return parseJsonAllowingNonFinite(text);
  } catch {
    const json = lastJson(text);
    if (json !== undefined) return json;
  }
  throw badInput('no JSON construction found', {
    file,
    hint: 'pass a construction file (like those in data/constructions/) or the output of a candidate program',
  });
}
