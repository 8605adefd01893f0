/**
 * Strategies: pure search policies. They read events and the run view and return proposal requests.
 * They never touch the store, the network, the file system or the clock, so a run can be resumed and
 * replayed by folding the log through them again.
 */
import type { RunEvent } from './events.ts';
import type { ResolvedProblem } from './problem.ts';
import type { ProposalRequest } from './proposal.ts';
import type { Random } from './random.ts';
import type { RunView } from './run-view.ts';

export interface StrategyContext {
  /** Randomness for this decision only, derived from the run seed and `proposalIndex`. */
  readonly random: Random;
  /** The index the next proposal will get. */
  readonly proposalIndex: number;
}

export type StrategyDecision =
  | { readonly kind: 'propose'; readonly request: ProposalRequest }
  /** Nothing to propose until a result arrives (e.g. a generation must finish first). */
  | { readonly kind: 'wait' }
  /** The strategy has nothing more to do (e.g. a plateau or turn limit it owns). */
  | { readonly kind: 'stop'; readonly reason: string };

/** Data a strategy exposes to the dashboard (islands, grids, tree statistics, a Pareto front). */
export interface StrategyPanel {
  readonly title: string;
  /** `table` rows, a `grid`, or a `tree`; the dashboard renders what it knows. */
  readonly kind: 'table' | 'grid' | 'tree' | 'text';
  readonly data: unknown;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly string[] };

/**
 * A strategy. `S` is its own state, built by folding events through `apply`; `apply` may update `S` in
 * place and return it (the controller owns the state object), but must depend on nothing but its inputs.
 */
export interface StrategyDefinition<S = unknown, O = unknown> {
  readonly name: string;
  /** One line for `--help` and docs. */
  readonly summary: string;
  /** Validates and defaults the strategy's options (`strategy: { name, ...options }` in the config). */
  parseOptions(raw: Readonly<Record<string, unknown>>): ParseResult<O>;
  init(options: O, problem: ResolvedProblem): S;
  apply(state: S, event: RunEvent, view: RunView): S;
  next(state: S, view: RunView, context: StrategyContext): StrategyDecision;
  describe?(state: S, view: RunView): readonly StrategyPanel[];
}
