/**
 * SimpleTES history selectors: which earlier candidates a chain's prompt shows.
 *
 * - `balance`: the chain's best, plus nodes drawn 70% from the top 20%, 20% from the middle (20–80%), else
 *   uniformly, from the chain's own ranked nodes.
 * - RPUCG: V(s) = max(r(s), γ · max over children V(c)) propagated up the parent→child graph; percentile
 *   ranks of V and of r are Q and P in a PUCT rule `Q + c · P · √N / (1 + n(s))`; at most one node per
 *   neighbourhood (a node, its parent and its siblings). Only the top `pool` nodes by V are scored, so a
 *   step costs O(pool · log n).
 */
import type { Random } from '../spec/random.ts';
import { RankedSet } from './ranked-set.ts';

/** Draws `count` distinct ids from a chain's ranked nodes with the balance rule. */
export function balanceHistory(
  ranked: RankedSet,
  count: number,
  exclude: ReadonlySet<string>,
  random: Random,
): string[] {
  const chosen: string[] = [];
  const size = ranked.size;
  for (let attempt = 0; attempt < count * 6 && chosen.length < count && size > 0; attempt++) {
    const draw = random.next();
    const [low, high] = draw < 0.7 ? [0, 0.2] : draw < 0.9 ? [0.2, 0.8] : [0, 1];
    const first = Math.floor(low * size);
    const last = Math.max(first + 1, Math.ceil(high * size));
    const id = ranked.at(first + random.int(Math.min(last, size) - first));
    if (id !== undefined && !exclude.has(id) && !chosen.includes(id)) chosen.push(id);
  }
  return chosen;
}

interface GraphNode {
  readonly parent: string | null;
  readonly reward: number;
  value: number;
}

/** The RPUCG graph: rewards (improvement over the seed, "higher is better"), propagated values, visits. */
export class RpucgGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly values = new RankedSet();
  private readonly rewards = new RankedSet();
  private readonly visits = new Map<string, number>();
  private totalVisits = 0;

  constructor(
    private readonly gamma: number,
    private readonly exploration: number,
    private readonly pool: number,
  ) {}

  /** Adds a scored node and propagates its value up its ancestors while it raises them. */
  add(id: string, parent: string | null, reward: number): void {
    if (this.nodes.has(id)) return;
    this.nodes.set(id, { parent, reward, value: reward });
    this.values.set(id, reward);
    this.rewards.set(id, reward);
    let child = this.nodes.get(id) as GraphNode;
    let parentId = parent;
    while (parentId !== null) {
      const node = this.nodes.get(parentId);
      if (node === undefined) break;
      const discounted = child.value > 0 ? this.gamma * child.value : child.value;
      if (discounted <= node.value) break;
      node.value = discounted;
      this.values.set(parentId, discounted);
      child = node;
      parentId = node.parent;
    }
  }

  /** Counts a node as shown (n(s) in the PUCT rule). */
  visit(id: string): void {
    this.visits.set(id, (this.visits.get(id) ?? 0) + 1);
    this.totalVisits += 1;
  }

  value(id: string): number | undefined {
    return this.nodes.get(id)?.value;
  }

  /** Up to `count` nodes by PUCT among the top `pool` by value, one per neighbourhood. */
  select(count: number, exclude: ReadonlySet<string>): string[] {
    const root = Math.sqrt(this.totalVisits + 1);
    const scored = this.values.top(this.pool).map((id) => ({
      id,
      puct:
        this.values.percentile(id) +
        (this.exploration * this.rewards.percentile(id) * root) / (1 + (this.visits.get(id) ?? 0)),
    }));
    scored.sort((a, b) => b.puct - a.puct || (a.id < b.id ? -1 : 1));
    const chosen: string[] = [];
    const taken = new Set<string>();
    for (const { id } of scored) {
      if (chosen.length >= count) break;
      const parent = this.nodes.get(id)?.parent ?? null;
      if (exclude.has(id) || taken.has(id) || (parent !== null && taken.has(`parent:${parent}`))) continue;
      chosen.push(id);
      taken.add(id);
      if (parent !== null) {
        taken.add(parent);
        taken.add(`parent:${parent}`);
      }
      taken.add(`parent:${id}`);
    }
    return chosen;
  }
}
