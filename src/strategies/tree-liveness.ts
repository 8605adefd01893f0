/**
 * Which branches of the `tree` strategy's search tree still hold something to expand, kept on the nodes as
 * events are folded so that selection never walks into a closed subtree.
 *
 * A node is *reachable* when selection, arriving at it from its parent, would return a proposal: it can be
 * fixed, or it is scored and either expandable itself (open and under its widening, or open with nothing
 * pending) or has a reachable child. Every input of that rule — visits, pending proposals, turns, fix
 * attempts, children — changes only on the path from a touched node to the root, so refreshing that path
 * keeps every flag exact in O(depth). The one global input, "nothing in the tree is valid yet", flips once:
 * then every flag is recomputed.
 */
import type { SearchTree, TreeNode } from './search-tree.ts';
import type { TurnControl } from './turn-control.ts';

/** What the rule reads besides the tree: the `tree` strategy's state satisfies it. */
export interface TreeRules {
  readonly tree: SearchTree;
  readonly turns: TurnControl;
  readonly fixTried: ReadonlyMap<string, number>;
  readonly options: { readonly fixAttempts: number; readonly maxDepth?: number | undefined };
}

/** An invalid node may be repaired: `fixAttempts` times, or without limit while nothing in the tree is valid. */
export function canFix(rules: TreeRules, node: TreeNode): boolean {
  if (node.fitness !== null || node.pending > 0) return false;
  const nothingValid = rules.tree.max === Number.NEGATIVE_INFINITY;
  return nothingValid || (rules.fixTried.get(node.id) ?? 0) < rules.options.fixAttempts;
}

/** A scored node that still has turns and is above the depth limit may get more children. */
export function isOpen(rules: TreeRules, node: TreeNode): boolean {
  const { maxDepth } = rules.options;
  return (
    node.fitness !== null &&
    !rules.turns.exhausted(node.id) &&
    (maxDepth === undefined || node.depth < maxDepth)
  );
}

/** Progressive widening: how many children a node may have after `visits` proposals through it. */
export const wideningOf = (node: TreeNode): number => 1 + Math.floor(Math.sqrt(node.visits));

/** The rule of the file comment, from the node's own state and its count of reachable children. */
function reachable(rules: TreeRules, node: TreeNode): boolean {
  if (canFix(rules, node)) return true;
  if (node.fitness === null) return false;
  if (node.reachableChildren > 0) return true;
  if (!isOpen(rules, node)) return false;
  return node.children.length + node.pending < wideningOf(node) || node.pending === 0;
}

function setReachable(rules: TreeRules, node: TreeNode, value: boolean): TreeNode | undefined {
  const parent = node.parent === null ? undefined : rules.tree.nodes.get(node.parent);
  if (node.reachable !== value) {
    node.reachable = value;
    if (parent !== undefined) parent.reachableChildren += value ? 1 : -1;
  }
  return parent;
}

/**
 * Re-derives the flags after an event touched `id`. `branch`: the event changed every ancestor too (a
 * visit counts on the whole path), so all are re-derived; otherwise only while a flag flips.
 */
export function refreshLiveness(rules: TreeRules, id: string, branch: boolean): void {
  let node = rules.tree.nodes.get(id);
  while (node !== undefined) {
    const value = reachable(rules, node);
    if (!branch && value === node.reachable) return;
    node = setReachable(rules, node, value);
  }
}

/** Re-derives every flag (children are added after their parents, so reverse order is bottom-up). */
export function recomputeLiveness(rules: TreeRules): void {
  const nodes = [...rules.tree.nodes.values()];
  for (const node of nodes) {
    node.reachable = false;
    node.reachableChildren = 0;
  }
  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index] as TreeNode;
    setReachable(rules, node, reachable(rules, node));
  }
}
