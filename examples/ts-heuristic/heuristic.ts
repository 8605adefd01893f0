/**
 * Online bin packing: items arrive one by one and each goes into a bin at once, never to move again.
 * `priority` scores every open bin the item fits in; the item goes into the bin with the highest score,
 * or into a new bin when it fits in none. Fewer bins is better.
 *
 * Reads `{"capacity": C, "instances": [[size, ...], ...]}` on stdin and prints one JSON line
 * `{"bins": [[[itemIndex, ...], ...], ...]}`: for each instance, the item indices in each bin. The
 * evaluator checks the packing (every item exactly once, no bin over capacity) and counts the bins itself.
 */
import { readFileSync } from 'node:fs';

// EVOLVE-BLOCK-START
/** Score of putting an item of `size` into a bin with `remaining` free room (higher wins). */
function priority(size: number, remaining: number, capacity: number): number {
  const leftover = (remaining - size) / capacity;
  // aim for bins that keep about 30% of their room free
  return -Math.abs(leftover - 0.3);
}
// EVOLVE-BLOCK-END

function pack(sizes: readonly number[], capacity: number): number[][] {
  const bins: number[][] = [];
  const remaining: number[] = [];
  sizes.forEach((size, item) => {
    let chosen = -1;
    let best = Number.NEGATIVE_INFINITY;
    for (let bin = 0; bin < bins.length; bin++) {
      const room = remaining[bin] as number;
      if (size > room) continue;
      const score = priority(size, room, capacity);
      if (score > best) {
        best = score;
        chosen = bin;
      }
    }
    if (chosen < 0) {
      bins.push([]);
      remaining.push(capacity);
      chosen = bins.length - 1;
    }
    bins[chosen]?.push(item);
    remaining[chosen] = (remaining[chosen] as number) - size;
  });
  return bins;
}

const input = JSON.parse(readFileSync(0, 'utf8')) as { capacity: number; instances: number[][] };
const bins = input.instances.map((sizes) => pack(sizes, input.capacity));
process.stdout.write(`${JSON.stringify({ bins })}\n`);
