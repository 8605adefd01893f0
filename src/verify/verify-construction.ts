/**
 * Verifying one construction file (or a candidate program's parsed output) for one problem: the function
 * behind `ratchet verify`.
 */
import { badInput } from '../core/errors.ts';
import { readConstruction } from './construction.ts';
import { getProblemVerifier } from './problem-verifiers.ts';
import type { Verification, VerifyOptions } from './verification.ts';

export interface VerifyConstructionOptions extends VerifyOptions {
  /** The file the JSON came from, for error messages. */
  readonly file?: string;
}

/** Checks that a tolerance is a finite number ≥ 0 (bad input otherwise). */
export function checkTolerance(tolerance: number | undefined, field = 'tolerance'): number {
  const value = tolerance ?? 0;
  if (!Number.isFinite(value) || value < 0) {
    throw badInput(`${field} must be a finite number >= 0, got ${tolerance}`, {
      field,
      hint: 'pass e.g. 0 (the default: exact feasibility) or 1e-12',
    });
  }
  return value;
}

/**
 * Verifies parsed JSON as a construction for `problemId`. The claimed value is `options.claimed` if given,
 * else the file's `claimed.value` (or a numeric `claimed`). Throws bad input when the JSON holds no
 * construction of the right kind or names the wrong interval; a construction that is merely infeasible
 * is a result, not an error.
 */
export function verifyConstruction(
  problemId: string,
  json: unknown,
  options: VerifyConstructionOptions = {},
): Verification {
  const verifier = getProblemVerifier(problemId);
  const tolerance = checkTolerance(options.tolerance);
  const read = readConstruction(json, verifier.constructionKind);
  const where = options.file === undefined ? {} : { file: options.file };
  if (!read.ok) {
    throw badInput(`no ${verifier.constructionKind} construction for ${verifier.id}: ${read.reason}`, {
      ...where,
      hint: 'see `ratchet verify --help` for the accepted JSON shapes',
    });
  }
  const { construction } = read;
  if (
    construction.kind === 'step-function' &&
    construction.interval !== null &&
    verifier.interval !== undefined
  ) {
    const [start, end] = construction.interval;
    const [wantedStart, wantedEnd] = verifier.interval;
    if (start !== wantedStart || end !== wantedEnd) {
      throw badInput(
        `${verifier.id} is defined for steps on [${wantedStart}, ${wantedEnd}], the file says [${start}, ${end}]`,
        {
          ...where,
          field: 'interval',
          hint: 'rescale the construction to the standard interval, or drop `interval` if it is only a label',
        },
      );
    }
  }
  const claimed = options.claimed !== undefined ? options.claimed : read.claimed;
  return verifier.verify(construction, {
    tolerance,
    ...(options.mode === undefined ? {} : { mode: options.mode }),
    ...(options.maxListed === undefined ? {} : { maxListed: options.maxListed }),
    claimed,
  });
}

/** Whether a verification passes: feasible, and the claim (if any) holds. */
export function verificationPasses(verification: Verification): boolean {
  return verification.feasible && (verification.claim === null || verification.claim.holds);
}
