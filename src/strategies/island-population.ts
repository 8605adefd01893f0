/**
 * The state of the `islands` strategy, folded from events: per island a member list and a MAP-Elites grid,
 * a global elite archive, ring migration, and the diversity reference set. Every query the strategy makes
 * per step is bounded by the grid size or the archive size, never by the population.
 */
import { sketchSimilarity } from '../core/candidate-features.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { CandidateFeatures, RunEvent } from '../spec/events.ts';
import type { RunView } from '../spec/run-view.ts';
import { featureValue, type GridCell, MapElitesGrid, type Range, rangeFromSeed } from './map-elites-grid.ts';
import { fitnessOf, type Resolution, scoreOf } from './proposal-ledger.ts';
import { RankedSet } from './ranked-set.ts';

/** The options of `islands` that shape the population. */
/** One island: its members, its grid, its best cell and its generation. */
export interface IslandSettings {
  readonly islands: number;
  readonly migrationInterval: number;
  readonly migrationRate: number;
  readonly archiveSize: number;
  readonly featureDimensions: readonly string[];
  readonly bins: number;
  readonly ranges: Readonly<Record<string, readonly [number, number]>>;
  readonly diversityReference: number;
}

export interface Island {
  /** Scored candidates that live on this island (its own children, the seed, migrants). */
  readonly members: string[];
  readonly grid: MapElitesGrid;
  best: GridCell | null;
  /** Evaluated children of this island (OpenEvolve's island generation). */
  generation: number;
}

/** Islands, archive, migration and features, folded from events (see the file comment). */
export class IslandPopulation {
  readonly islands: Island[];
  /** The elite archive: the best `archiveSize` scored candidates (fitness = higher is better). */
  readonly archive = new RankedSet();
  /**
   * The archive best first and each member's island bit mask, rebuilt on fold whenever either changes, so
   * that choosing a parent reads two small arrays instead of walking the archive and the membership map.
   */
  archived: { readonly ids: readonly string[]; readonly masks: readonly number[] } = { ids: [], masks: [] };
  /** Every scored candidate, for uniform sampling. */
  readonly all: string[] = [];
  /** Bit mask of the islands each candidate belongs to. */
  readonly membership = new Map<string, number>();
  /** Grid coordinates of each scored candidate (fixed once computed). */
  readonly coordinates = new Map<string, readonly number[]>();
  /** How often each candidate was chosen as a parent (self-repellent sampling). */
  readonly visits = new Map<string, number>();
  ranges: Range[] | null = null;
  lastMigration = 0;
  migrations = 0;
  private readonly pendingFeatures = new Map<string, CandidateFeatures>();
  private readonly reference: (readonly number[])[] = [];

  constructor(readonly settings: IslandSettings) {
    this.islands = Array.from({ length: settings.islands }, () => ({
      members: [],
      grid: new MapElitesGrid(settings.bins),
      best: null,
      generation: 0,
    }));
  }

  /** Folds the events that are not proposal resolutions (candidate features, the seed, visits). */
  observe(event: RunEvent, view: RunView): void {
    if (event.type === 'candidate-add' && event.data.features !== undefined) {
      this.pendingFeatures.set(event.data.candidateId, event.data.features);
      if (this.reference.length < this.settings.diversityReference)
        this.reference.push(event.data.features.sketch);
    }
    if (event.type === 'proposal-start') {
      for (const id of event.data.request.parentIds) this.visits.set(id, (this.visits.get(id) ?? 0) + 1);
    }
    if (event.type === 'evaluation-end' && event.data.candidateId === view.seedId) {
      const { result } = event.data;
      if (view.candidates.get(view.seedId)?.evaluation !== result) return;
      this.fixRanges(result, this.pendingFeatures.get(view.seedId));
      const score = scoreOf(result);
      if (score === null) return;
      const all = (1 << this.settings.islands) - 1;
      this.admit(view.seedId, result, score, all, view);
    }
  }

  /** A proposal of island `island` came back. Returns whether it made a new island best. */
  resolve(resolution: Resolution, view: RunView): boolean {
    const island = Number(resolution.request.tags?.['island'] ?? 0) % this.settings.islands;
    const target = this.islands[island] as Island;
    target.generation += 1;
    let improved = false;
    const score = scoreOf(resolution.result);
    if (score !== null && resolution.candidateId !== undefined && resolution.result !== undefined) {
      const before = target.best?.fitness;
      // the first scored candidate (a repaired one when the seed was invalid) seeds every island
      const mask = this.all.length === 0 ? (1 << this.settings.islands) - 1 : 1 << island;
      this.admit(resolution.candidateId, resolution.result, score, mask, view);
      improved = before === undefined || (target.best?.fitness ?? before) > before;
    }
    if (resolution.candidateId !== undefined) this.pendingFeatures.delete(resolution.candidateId);
    const generation = Math.max(...this.islands.map((entry) => entry.generation));
    if (generation - this.lastMigration >= this.settings.migrationInterval) this.migrate(generation);
    return improved;
  }

  inIsland(id: string, island: number): boolean {
    return ((this.membership.get(id) ?? 0) & (1 << island)) !== 0;
  }

  private fixRanges(seedResult: EvaluationResult, features: CandidateFeatures | undefined): void {
    if (this.ranges !== null) return;
    const seedSource = {
      features,
      metrics: seedResult.metrics,
      score: seedResult.score ?? 0,
      diversity: 0,
    };
    this.ranges = this.settings.featureDimensions.map(
      (dimension) =>
        this.settings.ranges[dimension] ?? rangeFromSeed(dimension, featureValue(dimension, seedSource)),
    );
  }

  private admit(id: string, result: EvaluationResult, score: number, mask: number, view: RunView): void {
    const fitness = fitnessOf(view, score);
    const features = this.pendingFeatures.get(id);
    const diversity =
      features === undefined || this.reference.length === 0
        ? 0
        : 1 -
          this.reference.reduce((sum, sketch) => sum + sketchSimilarity(sketch, features.sketch), 0) /
            this.reference.length;
    const source = { features, metrics: result.metrics, score, diversity };
    const grid = (this.islands[0] as Island).grid;
    const coordinates = this.settings.featureDimensions.map((dimension, index) =>
      grid.binOf(featureValue(dimension, source), (this.ranges as Range[])[index] as Range),
    );
    this.coordinates.set(id, coordinates);
    this.pendingFeatures.delete(id);
    this.all.push(id);
    this.archive.set(id, fitness);
    if (this.archive.size > this.settings.archiveSize)
      this.archive.delete(this.archive.at(this.archive.size - 1) as string);
    for (let island = 0; island < this.settings.islands; island++) {
      if ((mask & (1 << island)) !== 0) this.join(id, fitness, coordinates, island);
    }
    if (this.archive.has(id)) this.rebuildArchived();
  }

  private rebuildArchived(): void {
    const ids = this.archive.top(this.archive.size);
    this.archived = { ids, masks: ids.map((id) => this.membership.get(id) ?? 0) };
  }

  private join(id: string, fitness: number, coordinates: readonly number[], island: number): void {
    const target = this.islands[island] as Island;
    if (!this.inIsland(id, island)) {
      target.members.push(id);
      this.membership.set(id, (this.membership.get(id) ?? 0) | (1 << island));
    }
    const cell = { id, fitness, coordinates };
    target.grid.place(cell);
    if (target.best === null || fitness > target.best.fitness) target.best = cell;
  }

  /** Ring migration: each island's top elites (a `migrationRate` share, at least one) go to both neighbours. */
  private migrate(generation: number): void {
    this.lastMigration = generation;
    const count = this.settings.islands;
    if (count < 2) return;
    this.migrations += 1;
    const moves: { cell: GridCell; island: number }[] = [];
    this.islands.forEach((island, index) => {
      const elites = island.grid.ranked();
      const migrants = elites.slice(0, Math.max(1, Math.floor(elites.length * this.settings.migrationRate)));
      for (const cell of migrants) {
        moves.push({ cell, island: (index + 1) % count }, { cell, island: (index - 1 + count) % count });
      }
    });
    for (const { cell, island } of moves) this.join(cell.id, cell.fitness, cell.coordinates, island);
    this.rebuildArchived();
  }
}
