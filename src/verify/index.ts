/**
 * Exact verification of constructions (circle packings, the Erdős minimum-overlap bound, the
 * autocorrelation inequalities): values and feasibility decided in exact rational arithmetic on the
 * construction's own doubles, reported as the nearest float64.
 */
export type { AutocorrelationVariant } from './autocorrelation.ts';
export { autocorrelationVariants, verifyAutocorrelation } from './autocorrelation.ts';
export type { CirclePacking } from './circle-packing.ts';
export { verifyCirclePacking } from './circle-packing.ts';
export type { Construction, ConstructionKind, ReadConstruction } from './construction.ts';
export { parseJsonAllowingNonFinite, readConstruction } from './construction.ts';
export { type DescribeOptions, describeVerification } from './describe-verification.ts';
export { verifyErdosMinimumOverlap } from './erdos-minimum-overlap.ts';
export { evaluateProblemFolderCandidate, type ProblemFolderOptions } from './problem-folder-evaluation.ts';
export type { ProblemVerifier } from './problem-verifiers.ts';
export { findProblemVerifier, getProblemVerifier, problemVerifiers } from './problem-verifiers.ts';
export type { ConstructionEvaluation, ProgramEvaluationOptions } from './program-evaluation.ts';
export {
  evaluateConstructionJson,
  evaluateConstructionProgram,
  lastJson,
  metricsOf,
} from './program-evaluation.ts';
export type { Rational } from './rational.ts';
export { nearestDouble, toDecimalString } from './rational.ts';
export type {
  ClaimCheck,
  Tightest,
  Verification,
  VerificationMethod,
  VerifyOptions,
  Violation,
} from './verification.ts';
export { parseConstructionText, resolveVerifierId, verifierFileName } from './verifier-target.ts';
export {
  checkTolerance,
  type VerifyConstructionOptions,
  verificationPasses,
  verifyConstruction,
} from './verify-construction.ts';
