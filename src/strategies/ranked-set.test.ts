import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.ts';
import { RankedSet } from './ranked-set.ts';

describe('RankedSet', () => {
  it('agrees with a sorted array under random inserts, moves and deletes', () => {
    const random = createRandom('ranked-set');
    const set = new RankedSet();
    const reference = new Map<string, { key: number; order: number }>();
    let order = 0;
    for (let step = 0; step < 3000; step++) {
      const id = `c${random.int(400)}`;
      if (random.next() < 0.2) {
        expect(set.delete(id)).toBe(reference.delete(id));
      } else {
        const key = random.int(50); // many ties
        set.set(id, key);
        reference.set(id, { key, order: order++ });
      }
    }
    const sorted = [...reference.entries()].sort((a, b) => b[1].key - a[1].key || a[1].order - b[1].order);
    expect(set.size).toBe(sorted.length);
    expect(set.top(sorted.length)).toEqual(sorted.map(([id]) => id));
    for (const [rank, [id]] of sorted.entries()) {
      expect(set.at(rank)).toBe(id);
      expect(set.rankOf(id)).toBe(rank);
    }
    expect(set.at(sorted.length)).toBeUndefined();
    expect(set.rankOf('missing')).toBe(-1);
    expect(set.percentile(sorted[0]![0])).toBe(1);
    expect(set.percentile(sorted.at(-1)![0])).toBe(0);
  });
});
