/**
 * Candidates: immutable content, addressed by the hash of that content.
 *
 * The same content reached twice (from two parents, or by two proposals) is one candidate; the
 * run's events say who proposed it and from which parents.
 */

/** One file of a candidate. */
export interface CandidateFile {
  /** Path relative to the candidate's root, with `/` separators, e.g. `initial_program.py`. */
  readonly path: string;
  /** UTF-8 text. */
  readonly content: string;
}

/** How a candidate came to be. */
export type CandidateOriginKind = 'seed' | 'llm' | 'mutate' | 'crossover' | 'manual';

/** Immutable candidate content. */
export interface Candidate {
  /** `sha256` hex of the canonical file list (see `core/candidate-id.ts`). */
  readonly id: string;
  /** Files sorted by path. */
  readonly files: readonly CandidateFile[];
}
