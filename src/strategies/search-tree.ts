/**
 * The refinement tree of the `tree` strategy: nodes are evaluated candidates, children are refinements (or
 * fixes) of their parent. Visits count proposals through a node (in-flight ones included, a virtual loss
 * that spreads concurrent proposals); values back up as the best (or mean) fitness of the subtree.
 */

export interface TreeNode {
  readonly id: string;
  readonly parent: string | null;
  readonly depth: number;
  /** Children in the order they were added (nodes, not ids: selection walks them on every step). */
  readonly children: TreeNode[];
  /** Fitness ("higher is better"), or null for an invalid node. */
  readonly fitness: number | null;
  visits: number;
  /** Proposals from this node not yet back. */
  pending: number;
  /** Best fitness in the subtree (null while nothing in it scored). */
  best: number | null;
  sum: number;
  scoredCount: number;
  /** Critique text fed into later expansions of this branch. */
  critique: string | null;
  /** Selection from the parent would find something to expand here (kept by `tree-liveness.ts`). */
  reachable: boolean;
  /** Children that are `reachable` (kept by `tree-liveness.ts`). */
  reachableChildren: number;
}

/** The refinement tree with visits and backed-up values (see the file comment). */
export class SearchTree {
  readonly nodes = new Map<string, TreeNode>();
  root: string | null = null;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  /** Adds an evaluated node under `parent` (null: the root) and backs its fitness up to the root. */
  add(id: string, parent: string | null, fitness: number | null, critique: string | null): void {
    if (this.nodes.has(id)) return;
    const parentNode = parent === null ? undefined : this.nodes.get(parent);
    const node: TreeNode = {
      id,
      parent: parentNode === undefined ? null : (parent as string),
      depth: parentNode === undefined ? 0 : parentNode.depth + 1,
      children: [],
      fitness,
      visits: 0,
      pending: 0,
      best: fitness,
      sum: fitness ?? 0,
      scoredCount: fitness === null ? 0 : 1,
      critique,
      reachable: false,
      reachableChildren: 0,
    };
    this.nodes.set(id, node);
    if (parentNode === undefined) {
      if (this.root === null) this.root = id;
    } else parentNode.children.push(node);
    if (fitness === null) return;
    this.min = Math.min(this.min, fitness);
    this.max = Math.max(this.max, fitness);
    let ancestor = parentNode;
    while (ancestor !== undefined) {
      ancestor.best = ancestor.best === null ? fitness : Math.max(ancestor.best, fitness);
      ancestor.sum += fitness;
      ancestor.scoredCount += 1;
      ancestor = ancestor.parent === null ? undefined : this.nodes.get(ancestor.parent);
    }
  }

  /** Counts a proposal from `id` on the path to the root. */
  visit(id: string): void {
    let node = this.nodes.get(id);
    if (node !== undefined) node.pending += 1;
    while (node !== undefined) {
      node.visits += 1;
      node = node.parent === null ? undefined : this.nodes.get(node.parent);
    }
  }

  /** Value of a node in [0, 1] (normalised over the fitness seen so far). */
  value(node: TreeNode, backup: 'max' | 'mean'): number {
    const raw = backup === 'max' ? node.best : node.scoredCount === 0 ? null : node.sum / node.scoredCount;
    if (raw === null) return 0;
    const spread = this.max - this.min;
    return spread <= 0 ? 0.5 : (raw - this.min) / spread;
  }

  /** The last `length` nodes (default: all) of the branch from the root to `id`, root first. */
  path(id: string, length = Number.POSITIVE_INFINITY): TreeNode[] {
    const path: TreeNode[] = [];
    let node = this.nodes.get(id);
    while (node !== undefined && path.length < length) {
      path.push(node);
      node = node.parent === null ? undefined : this.nodes.get(node.parent);
    }
    return path.reverse();
  }
}
