/**
 * An order-statistic set of scored candidates: insert, remove, the k-th best and the rank of an id, each in
 * O(log n) expected time (a treap with subtree sizes). Strategies keep one in their state so that rank
 * and percentile queries cost the same with 100 or 100,000 candidates.
 *
 * Keys are "higher is better" (negate minimized scores before adding). Ties keep the earlier insertion
 * first. Node priorities come from a fixed hash of the insertion counter, so the same inserts always give
 * the same shape: folding a log twice gives equal sets.
 *
 * The nodes live in typed arrays indexed by slot (`none` for no node), not in one object each: a descent
 * reads a few compact arrays instead of chasing pointers across the heap, and the garbage collector has
 * no nodes to trace.
 */

/** 32-bit integer hash (splitmix-like), deterministic across platforms. */
function hashPriority(value: number): number {
  let x = (value + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const none = -1;

function grown<T extends Float64Array | Int32Array | Uint32Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}

/** See the file comment. */
export class RankedSet {
  private readonly slots = new Map<string, number>();
  private ids: string[] = [];
  private keys = new Float64Array(16);
  private orders = new Float64Array(16);
  private priorities = new Uint32Array(16);
  private sizes = new Int32Array(16);
  private lefts = new Int32Array(16);
  private rights = new Int32Array(16);
  private readonly free: number[] = [];
  private root = none;
  private counter = 0;
  // `split` hands its two halves back through these instead of allocating a pair at every level
  private splitBefore = none;
  private splitRest = none;

  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  keyOf(id: string): number | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.keys[slot];
  }

  /** Adds `id` with `key`, or moves it if present. */
  set(id: string, key: number): void {
    if (this.slots.has(id)) this.delete(id);
    const slot = this.allocate();
    const order = this.counter++;
    this.ids[slot] = id;
    this.keys[slot] = key;
    this.orders[slot] = order;
    this.priorities[slot] = hashPriority(order);
    this.sizes[slot] = 1;
    this.lefts[slot] = none;
    this.rights[slot] = none;
    this.slots.set(id, slot);
    this.root = this.insert(this.root, slot);
  }

  delete(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.slots.delete(id);
    this.root = this.remove(this.root, slot);
    this.ids[slot] = '';
    this.free.push(slot);
    return true;
  }

  /** The id at `rank` (0 = best), or undefined out of range. */
  at(rank: number): string | undefined {
    if (rank < 0 || rank >= this.size) return undefined;
    let node = this.root;
    let remaining = Math.floor(rank);
    while (node !== none) {
      const leftSize = this.sizeOf(this.lefts[node] as number);
      if (remaining < leftSize) node = this.lefts[node] as number;
      else if (remaining === leftSize) return this.ids[node];
      else {
        remaining -= leftSize + 1;
        node = this.rights[node] as number;
      }
    }
    return undefined;
  }

  /** 0-based rank of `id` (0 = best), or -1 if absent. */
  rankOf(id: string): number {
    const target = this.slots.get(id);
    if (target === undefined) return -1;
    let node = this.root;
    let rank = 0;
    while (node !== none) {
      if (node === target) return rank + this.sizeOf(this.lefts[node] as number);
      if (this.before(target, node)) node = this.lefts[node] as number;
      else {
        rank += this.sizeOf(this.lefts[node] as number) + 1;
        node = this.rights[node] as number;
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
    const walk = (node: number): void => {
      if (node === none || result.length >= count) return;
      walk(this.lefts[node] as number);
      if (result.length < count) result.push(this.ids[node] as string);
      walk(this.rights[node] as number);
    };
    walk(this.root);
    return result;
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.ids.length;
    if (slot === this.keys.length) {
      const capacity = slot * 2;
      this.keys = grown(this.keys, capacity);
      this.orders = grown(this.orders, capacity);
      this.priorities = grown(this.priorities, capacity);
      this.sizes = grown(this.sizes, capacity);
      this.lefts = grown(this.lefts, capacity);
      this.rights = grown(this.rights, capacity);
    }
    this.ids.push('');
    return slot;
  }

  private sizeOf(node: number): number {
    return node === none ? 0 : (this.sizes[node] as number);
  }

  /** `a` comes before `b` (is better). */
  private before(a: number, b: number): boolean {
    const keyA = this.keys[a] as number;
    const keyB = this.keys[b] as number;
    return keyA > keyB || (keyA === keyB && (this.orders[a] as number) < (this.orders[b] as number));
  }

  private update(node: number): number {
    this.sizes[node] = 1 + this.sizeOf(this.lefts[node] as number) + this.sizeOf(this.rights[node] as number);
    return node;
  }

  /** Splits `node` into the items before `pivot` (`splitBefore`) and the rest (`splitRest`). */
  private split(node: number, pivot: number): void {
    if (node === none) {
      this.splitBefore = none;
      this.splitRest = none;
    } else if (this.before(node, pivot)) {
      this.split(this.rights[node] as number, pivot);
      this.rights[node] = this.splitBefore;
      this.splitBefore = this.update(node);
    } else {
      this.split(this.lefts[node] as number, pivot);
      this.lefts[node] = this.splitRest;
      this.splitRest = this.update(node);
    }
  }

  private merge(left: number, right: number): number {
    if (left === none) return right;
    if (right === none) return left;
    if ((this.priorities[left] as number) > (this.priorities[right] as number)) {
      this.rights[left] = this.merge(this.rights[left] as number, right);
      return this.update(left);
    }
    this.lefts[right] = this.merge(left, this.lefts[right] as number);
    return this.update(right);
  }

  /** Inserts `item` below `node`: descends to where its priority belongs, and splits only the subtree there. */
  private insert(node: number, item: number): number {
    if (node === none) return item;
    if ((this.priorities[item] as number) > (this.priorities[node] as number)) {
      this.split(node, item);
      this.lefts[item] = this.splitBefore;
      this.rights[item] = this.splitRest;
      this.splitBefore = none;
      this.splitRest = none;
      return this.update(item);
    }
    if (this.before(item, node)) this.lefts[node] = this.insert(this.lefts[node] as number, item);
    else this.rights[node] = this.insert(this.rights[node] as number, item);
    this.sizes[node] = (this.sizes[node] as number) + 1;
    return node;
  }

  /** Removes `item` (present below `node`) by merging its two subtrees in its place. */
  private remove(node: number, item: number): number {
    if (node === none) return none;
    if (node === item) return this.merge(this.lefts[item] as number, this.rights[item] as number);
    if (this.before(item, node)) this.lefts[node] = this.remove(this.lefts[node] as number, item);
    else this.rights[node] = this.remove(this.rights[node] as number, item);
    this.sizes[node] = (this.sizes[node] as number) - 1;
    return node;
  }
}
