/**
 * Proposal requests: what a strategy asks the proposer for.
 */

/**
 * - `improve`: edit the parent to score better (the usual step).
 * - `fix`: repair an invalid or failed parent (shown with its errors).
 * - `crossover`: combine two parents.
 * - `fresh`: write a new candidate from the seed, ignoring history (independent sampling).
 */
export type ProposalMode = 'improve' | 'fix' | 'crossover' | 'fresh';

export interface ProposalRequest {
  readonly mode: ProposalMode;
  /** One parent, or two for `crossover`. Always evaluated candidates (the seed counts). */
  readonly parentIds: readonly string[];
  /** Other candidates shown in the prompt as examples (good or diverse ones). */
  readonly inspirationIds: readonly string[];
  /** Whether the prompt shows recent attempts with their outcomes (default true). */
  readonly showRecentAttempts?: boolean;
  /** Extra text for the prompt (a critique, the worst candidate so far, a strategy hint). */
  readonly notes?: readonly string[];
  /** Override the model's sampling temperature for this proposal (feedback friction). */
  readonly temperature?: number;
  /** Force one model of the ensemble (e.g. chosen by a bandit); otherwise drawn by weight. */
  readonly model?: string;
  /** Strategy bookkeeping recorded with the proposal (island, chain, tree node…). Plain JSON values. */
  readonly tags?: Readonly<Record<string, string | number | boolean>>;
}
