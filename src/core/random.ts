import { createHash } from 'node:crypto';
import type { Random } from '../spec/random.ts';

/** 128-bit seed from any label list, via sha256 (stable across platforms). */
function seedWords(labels: readonly (string | number)[]): [number, number, number, number] {
  const digest = createHash('sha256').update(labels.map(String).join('\u0001')).digest();
  return [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
}

/**
 * A seeded generator (sfc32). `createRandom(seed, 'proposal', 7)` gives the same stream on every
 * machine, so every decision of a run is reproducible from its seed and its position.
 */
export function createRandom(...labels: readonly (string | number)[]): Random {
  let [a, b, c, d] = seedWords(labels);
  const nextUint = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextUint();
  let spare: number | null = null;

  const random: Random = {
    next: () => nextUint() / 4294967296,
    int(maxExclusive) {
      if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) throw new RangeError(`int(${maxExclusive})`);
      return Math.floor(random.next() * maxExclusive);
    },
    normal() {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      let u = 0;
      while (u === 0) u = random.next();
      const v = random.next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick() from an empty list');
      return items[random.int(items.length)] as (typeof items)[number];
    },
    weighted(weights) {
      let total = 0;
      for (const weight of weights) {
        if (!(weight >= 0) || !Number.isFinite(weight))
          throw new RangeError(`weighted(): bad weight ${weight}`);
        total += weight;
      }
      if (total <= 0) throw new RangeError('weighted(): all weights are zero');
      let target = random.next() * total;
      for (let index = 0; index < weights.length; index++) {
        target -= weights[index] as number;
        if (target < 0) return index;
      }
      return weights.length - 1;
    },
    fork: (label) => createRandom(...labels, 'fork', label),
  };
  return random;
}
