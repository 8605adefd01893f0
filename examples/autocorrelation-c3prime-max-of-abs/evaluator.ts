/**
 * Evaluator (a TypeScript module run by Ratchet's module harness, inside the sandbox): runs the candidate
 * program as a subprocess with a timeout, reads the JSON construction it prints, and scores it with
 * Ratchet's exact verifier (src/verify, the same code as `ratchet verify`). The value is computed from the
 * construction, never taken from the program; feasibility is decided exactly, with the tolerance of
 * verifier.json (default 0). The verifier id is in verifier.json.
 *
 * Ratchet compiles this module (with the verifier it imports) into one file when it bundles the problem,
 * so the sandbox needs nothing but Node.
 */
import type { EvaluatorContext, EvaluatorOutput } from 'ratchet';
import { evaluateProblemFolderCandidate } from '../../src/verify/index.ts';

export function evaluate(context: EvaluatorContext): Promise<EvaluatorOutput> {
  return evaluateProblemFolderCandidate(context);
}
