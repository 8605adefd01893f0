/**
 * The problems Ratchet can verify exactly, by id. `circle-packing-<n>` works for any n (presets 26 and 32
 * are listed); `circle-packing` takes any number of circles.
 */
import { badInput } from '../core/errors.ts';
import type { Direction } from '../spec/problem.ts';
import {
  type AutocorrelationVariant,
  autocorrelationVariants,
  verifyAutocorrelation,
} from './autocorrelation.ts';
import { verifyCirclePacking } from './circle-packing.ts';
import type { Construction, ConstructionKind } from './construction.ts';
import { verifyErdosMinimumOverlap } from './erdos-minimum-overlap.ts';
import type { Verification, VerifyOptions } from './verification.ts';

export interface ProblemVerifier {
  readonly id: string;
  /** One line for people. */
  readonly title: string;
  readonly valueName: string;
  readonly direction: Direction;
  readonly constructionKind: ConstructionKind;
  /** The interval a step function must cover (files that name another one are rejected). */
  readonly interval?: readonly [number, number];
  verify(construction: Construction, options?: VerifyOptions): Verification;
}

function circlePacking(count: number | undefined): ProblemVerifier {
  const id = count === undefined ? 'circle-packing' : `circle-packing-${count}`;
  return {
    id,
    title:
      count === undefined
        ? 'circles in the unit square, maximise the sum of radii (any number of circles)'
        : `${count} circles in the unit square, maximise the sum of radii`,
    valueName: 'sum_radii',
    direction: 'maximize',
    constructionKind: 'circles',
    verify(construction, options = {}) {
      if (construction.kind !== 'circles') throw new TypeError('circle packing needs circles');
      const verification = verifyCirclePacking(
        construction,
        count === undefined ? options : { ...options, expectedCount: count },
      );
      return { ...verification, problem: id };
    },
  };
}

function autocorrelation(variant: AutocorrelationVariant, title: string): ProblemVerifier {
  const info = autocorrelationVariants[variant];
  return {
    id: info.problem,
    title,
    valueName: info.valueName,
    direction: info.direction,
    constructionKind: 'step-function',
    interval: [-0.25, 0.25],
    verify(construction, options = {}) {
      if (construction.kind !== 'step-function') throw new TypeError('autocorrelation needs a step function');
      return verifyAutocorrelation(construction.heights, variant, options);
    },
  };
}

const fixed: readonly ProblemVerifier[] = [
  circlePacking(undefined),
  circlePacking(26),
  circlePacking(32),
  {
    id: 'erdos-minimum-overlap',
    title:
      'Erdős minimum overlap: step function h on [0,2], 0 ≤ h ≤ 1, ∫h = 1; minimise max_k ∫h(x)(1 − h(x+k))dx',
    valueName: 'c5_upper_bound',
    direction: 'minimize',
    constructionKind: 'step-function',
    interval: [0, 2],
    verify(construction, options = {}) {
      if (construction.kind !== 'step-function')
        throw new TypeError('Erdős minimum overlap needs a step function');
      return verifyErdosMinimumOverlap(construction.heights, options);
    },
  },
  autocorrelation('c1', 'first autocorrelation inequality: f ≥ 0 on [-1/4,1/4], minimise max(f*f) / (∫f)²'),
  autocorrelation('c2', 'second autocorrelation inequality: f ≥ 0, maximise ‖f*f‖₂² / (‖f*f‖₁ ‖f*f‖∞)'),
  autocorrelation(
    'c3-abs-of-max',
    "third autocorrelation inequality, AlphaEvolve's C3: f of any sign, minimise |max_t (f*f)(t)| / (∫f)²",
  ),
  autocorrelation(
    'c3prime-max-of-abs',
    'C3′ (Matolcsi–Vinuesa; SimpleTES\'s "third autocorrelation"): f of any sign, minimise max_t |(f*f)(t)| / (∫f)²',
  ),
];

/** The listed verifiers (circle packing also accepts `circle-packing-<n>` for any n). */
export const problemVerifiers: readonly ProblemVerifier[] = fixed;

/** The verifier for an id, or undefined. */
export function findProblemVerifier(id: string): ProblemVerifier | undefined {
  const listed = fixed.find((verifier) => verifier.id === id);
  if (listed !== undefined) return listed;
  const match = /^circle-packing-([1-9]\d{0,4})$/.exec(id);
  return match === null ? undefined : circlePacking(Number(match[1]));
}

/** The verifier for an id; bad input (naming the ids) when there is none. */
export function getProblemVerifier(id: string): ProblemVerifier {
  const verifier = findProblemVerifier(id);
  if (verifier === undefined) {
    throw badInput(`unknown problem "${id}"`, {
      hint: `use one of: ${fixed.map((entry) => entry.id).join(', ')} (or circle-packing-<n>), or a problem folder with a verifier.json`,
    });
  }
  return verifier;
}
