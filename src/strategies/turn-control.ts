/**
 * Turn control (More with Less): each branch — a chain, a tree branch — gets a fixed number of turns;
 * every time it improves its own best, its limit is pushed to `turns used + extension`, so only branches
 * that are still improving get more. A branch whose turns are spent is done.
 */
import { z } from 'zod';

/** Options of turn control. */
export const turnsSchema = z.strictObject({
  /** Turns (proposals) per branch before it is closed unless it keeps improving. */
  limit: z.number().int().min(1),
  /** Turns granted past the latest improvement (default: half the limit, at least 1). */
  extension: z.number().int().min(0).optional(),
});
/** Parsed turn-control options. */
export type TurnOptions = z.infer<typeof turnsSchema>;

interface BranchTurns {
  used: number;
  limit: number;
}

/** Turns used and granted per branch (see the file comment). */
export class TurnControl {
  private readonly branches = new Map<string, BranchTurns>();
  private readonly extension: number;

  constructor(private readonly options: TurnOptions | undefined) {
    this.extension = options?.extension ?? Math.max(1, Math.ceil((options?.limit ?? 0) / 2));
  }

  /** Counts one proposal against `branch`. */
  spend(branch: string): void {
    if (this.options === undefined) return;
    const entry = this.entry(branch);
    entry.used += 1;
  }

  /** The branch improved its best: it may go on for `extension` more turns from here. */
  improved(branch: string): void {
    if (this.options === undefined) return;
    const entry = this.entry(branch);
    entry.limit = Math.max(entry.limit, entry.used + this.extension);
  }

  /** True when the branch has spent its turns. Branches never seen are fresh. */
  exhausted(branch: string): boolean {
    if (this.options === undefined) return false;
    const entry = this.branches.get(branch);
    return entry !== undefined && entry.used >= entry.limit;
  }

  used(branch: string): number {
    return this.branches.get(branch)?.used ?? 0;
  }

  private entry(branch: string): BranchTurns {
    let entry = this.branches.get(branch);
    if (entry === undefined) {
      entry = { used: 0, limit: this.options?.limit ?? Number.POSITIVE_INFINITY };
      this.branches.set(branch, entry);
    }
    return entry;
  }
}

/** Strategy-owned plateau stop: evaluations since the best last improved, against a limit. */
export function plateauReached(
  view: { readonly counts: { readonly evaluations: number }; readonly lastImprovementAt: number },
  plateau: number | undefined,
): boolean {
  return plateau !== undefined && view.counts.evaluations - view.lastImprovementAt >= plateau;
}
