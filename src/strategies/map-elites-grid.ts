/**
 * MAP-Elites: a grid over feature dimensions with FIXED bin edges for the whole run (declared ranges, or
 * ranges fixed from the seed), each cell keeping its best candidate. Unlike OpenEvolve, whose bin edges
 * move with the min/max seen so far, a candidate's cell never changes after it is placed.
 */

import type { Metrics } from '../spec/evaluation.ts';
import type { CandidateFeatures } from '../spec/events.ts';

/** Built-in dimensions computed from content features; any other name is an evaluator metric. */
export const builtInDimensions = ['codeLength', 'lineCount', 'diversity', 'score'] as const;

/** A dimension’s fixed `[low, high]` range. */
export type Range = readonly [number, number];

/** Where a candidate's feature values come from. */
export interface FeatureSource {
  readonly features: CandidateFeatures | undefined;
  readonly metrics: Metrics;
  readonly score: number;
  /** 1 − mean sketch similarity to the reference set, in [0, 1]. */
  readonly diversity: number;
}

/** The value of one dimension for a candidate (missing metrics count as the range's low end). */
export function featureValue(dimension: string, source: FeatureSource): number | undefined {
  switch (dimension) {
    case 'codeLength':
      return source.features?.codeLength;
    case 'lineCount':
      return source.features?.lineCount;
    case 'diversity':
      return source.diversity;
    case 'score':
      return source.score;
    default:
      return source.metrics[dimension];
  }
}

/** Range fixed from the seed when none is declared: see docs/strategies.md. */
export function rangeFromSeed(dimension: string, seedValue: number | undefined): Range {
  if (dimension === 'diversity') return [0, 0.5];
  const value = seedValue ?? 0;
  if (dimension === 'codeLength' || dimension === 'lineCount') return [0, Math.max(2 * value, 1)];
  const half = Math.max(Math.abs(value), 1);
  return [value - half, value + half];
}

/** The elite of one cell. */
export interface GridCell {
  readonly id: string;
  readonly fitness: number;
  readonly coordinates: readonly number[];
}

/** One grid of elites with fixed bins (see the file comment). */
export class MapElitesGrid {
  readonly cells = new Map<number, GridCell>();

  constructor(readonly bins: number) {}

  /** Bin index of `value` within `range` (clamped to the edge bins). */
  binOf(value: number | undefined, range: Range): number {
    if (value === undefined || !Number.isFinite(value)) return 0;
    const [low, high] = range;
    if (high <= low) return 0;
    const bin = Math.floor(((value - low) / (high - low)) * this.bins);
    return Math.min(this.bins - 1, Math.max(0, bin));
  }

  keyOf(coordinates: readonly number[]): number {
    let key = 0;
    for (const coordinate of coordinates) key = key * this.bins + coordinate;
    return key;
  }

  /** Places the candidate if its cell is empty or holds a worse one. Returns whether it was placed. */
  place(cell: GridCell): boolean {
    const key = this.keyOf(cell.coordinates);
    const current = this.cells.get(key);
    if (current !== undefined && (current.id === cell.id || current.fitness >= cell.fitness)) return false;
    this.cells.set(key, cell);
    return true;
  }

  /** Occupied cells, best first (ties: lower key first). */
  ranked(): GridCell[] {
    return [...this.cells.entries()]
      .sort((a, b) => b[1].fitness - a[1].fitness || a[0] - b[0])
      .map(([, cell]) => cell);
  }
}
