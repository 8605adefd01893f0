import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';

describe('createRandom', () => {
  it('gives the same stream for the same labels and different streams for different ones', () => {
    const first = createRandom(42, 'proposal', 3);
    const second = createRandom(42, 'proposal', 3);
    const other = createRandom(42, 'proposal', 4);
    const a = Array.from({ length: 5 }, () => first.next());
    expect(Array.from({ length: 5 }, () => second.next())).toEqual(a);
    expect(Array.from({ length: 5 }, () => other.next())).not.toEqual(a);
  });

  it('draws weighted indices in proportion to their weights', () => {
    const random = createRandom(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[random.weighted([1, 0, 3])]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3);
  });

  it('produces standard normals with mean near 0 and variance near 1', () => {
    const random = createRandom('normal');
    const values = Array.from({ length: 20_000 }, () => random.normal());
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
