/**
 * An order-statistic set of scored candidates: insert, remove, the k-th best and the rank of an id, each in
 * O(log n) expected time (a treap with subtree sizes). Strategies keep one in their state so that rank
 * and percentile queries cost the same with 100 or 100,000 candidates.
 *
 * Keys are "higher is better" (negate minimized scores before adding). Ties keep the earlier insertion
 * first. Node priorities come from a fixed hash of the insertion counter, so the same inserts always give
 * the same shape: folding a log twice gives equal sets.
 */

interface TreapNode {
  readonly id: string;
  readonly key: number;
  readonly order: number;
  readonly priority: number;
  size: number;
  left: TreapNode | null;
  right: TreapNode | null;
}

/** 32-bit integer hash (splitmix-like), deterministic across platforms. */
function hashPriority(value: number): number {
  let x = (value + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const sizeOf = (node: TreapNode | null): number => (node === null ? 0 : node.size);

/** `a` comes before `b` (is better). */
function before(a: { key: number; order: number }, b: { key: number; order: number }): boolean {
  return a.key > b.key || (a.key === b.key && a.order < b.order);
}

function update(node: TreapNode): TreapNode {
  node.size = 1 + sizeOf(node.left) + sizeOf(node.right);
  return node;
}

// `split` hands its two halves back through these instead of allocating a pair at every level.
let splitBefore: TreapNode | null = null;
let splitRest: TreapNode | null = null;

/** Splits `node` into the items before `pivot` (`splitBefore`) and the rest (`splitRest`). */
function split(node: TreapNode | null, pivot: TreapNode): void {
  if (node === null) {
    splitBefore = null;
    splitRest = null;
  } else if (before(node, pivot)) {
    split(node.right, pivot);
    node.right = splitBefore;
    splitBefore = update(node);
  } else {
    split(node.left, pivot);
    node.left = splitRest;
    splitRest = update(node);
  }
}

function merge(left: TreapNode | null, right: TreapNode | null): TreapNode | null {
  if (left === null) return right;
  if (right === null) return left;
  if (left.priority > right.priority) {
    left.right = merge(left.right, right);
    return update(left);
  }
  right.left = merge(left, right.left);
  return update(right);
}

/** Inserts `item` below `node`: descends to where its priority belongs, and splits only the subtree there. */
function insert(node: TreapNode | null, item: TreapNode): TreapNode {
  if (node === null) return item;
  if (item.priority > node.priority) {
    split(node, item);
    item.left = splitBefore;
    item.right = splitRest;
    splitBefore = null;
    splitRest = null;
    return update(item);
  }
  if (before(item, node)) node.left = insert(node.left, item);
  else node.right = insert(node.right, item);
  node.size += 1;
  return node;
}

/** Removes `item` (present below `node`) by merging its two subtrees in its place. */
function remove(node: TreapNode | null, item: TreapNode): TreapNode | null {
  if (node === null) return null;
  if (node === item) return merge(item.left, item.right);
  if (before(item, node)) node.left = remove(node.left, item);
  else node.right = remove(node.right, item);
  node.size -= 1;
  return node;
}

/** See the file comment. */
export class RankedSet {
  private root: TreapNode | null = null;
  private readonly entries = new Map<string, TreapNode>();
  private counter = 0;

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  keyOf(id: string): number | undefined {
    return this.entries.get(id)?.key;
  }

  /** Adds `id` with `key`, or moves it if present. */
  set(id: string, key: number): void {
    if (this.entries.has(id)) this.delete(id);
    const order = this.counter++;
    const node: TreapNode = {
      id,
      key,
      order,
      priority: hashPriority(order),
      size: 1,
      left: null,
      right: null,
    };
    this.entries.set(id, node);
    this.root = insert(this.root, node);
  }

  delete(id: string): boolean {
    const node = this.entries.get(id);
    if (node === undefined) return false;
    this.entries.delete(id);
    this.root = remove(this.root, node);
    node.left = null;
    node.right = null;
    return true;
  }

  /** The id at `rank` (0 = best), or undefined out of range. */
  at(rank: number): string | undefined {
    if (rank < 0 || rank >= this.size) return undefined;
    let node = this.root;
    let remaining = Math.floor(rank);
    while (node !== null) {
      const leftSize = sizeOf(node.left);
      if (remaining < leftSize) node = node.left;
      else if (remaining === leftSize) return node.id;
      else {
        remaining -= leftSize + 1;
        node = node.right;
      }
    }
    return undefined;
  }

  /** 0-based rank of `id` (0 = best), or -1 if absent. */
  rankOf(id: string): number {
    const target = this.entries.get(id);
    if (target === undefined) return -1;
    let node = this.root;
    let rank = 0;
    while (node !== null) {
      if (node === target) return rank + sizeOf(node.left);
      if (before(target, node)) node = node.left;
      else {
        rank += sizeOf(node.left) + 1;
        node = node.right;
      }
    }
    return -1;
  }

  /** Percentile of `id` in [0, 1]: 1 for the best, 0 for the worst (0.5 for a set of one). */
  percentile(id: string): number {
    const rank = this.rankOf(id);
    if (rank < 0) return 0;
    return this.size <= 1 ? 0.5 : 1 - rank / (this.size - 1);
  }

  /** The best `count` ids, best first. */
  top(count: number): string[] {
    const result: string[] = [];
    const walk = (node: TreapNode | null): void => {
      if (node === null || result.length >= count) return;
      walk(node.left);
      if (result.length < count) result.push(node.id);
      walk(node.right);
    };
    walk(this.root);
    return result;
  }
}
