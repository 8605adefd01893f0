/**
 * GEPA's per-instance Pareto front: for every instance, the candidates with the best score on it (ties
 * kept, up to a cap); a candidate's weight as a parent is the number of instances it wins. Without
 * per-instance metrics the evaluation's score is one instance, `*`, and the front is the single best.
 */
import type { EvaluationResult } from '../spec/evaluation.ts';

/** Fitness per instance ("higher is better"), from `instanceMetrics` or the score alone. */
export function instanceFitness(
  result: EvaluationResult | undefined,
  metric: string,
  toFitness: (value: number) => number,
): Map<string, number> {
  const fitness = new Map<string, number>();
  if (result?.status !== 'scored') return fitness;
  const instances = result.instanceMetrics;
  if (instances !== undefined && Object.keys(instances).length > 0) {
    for (const [instance, metrics] of Object.entries(instances)) {
      const value = metrics[metric];
      if (typeof value === 'number' && Number.isFinite(value)) fitness.set(instance, toFitness(value));
    }
  }
  if (fitness.size === 0 && typeof result.score === 'number') fitness.set('*', toFitness(result.score));
  return fitness;
}

/** The per-instance front and each candidate’s number of won instances (see the file comment). */
export class InstanceFront {
  readonly best = new Map<string, { fitness: number; ids: string[] }>();
  readonly wins = new Map<string, number>();

  constructor(private readonly tiesPerInstance: number) {}

  /** Adds a candidate's per-instance fitness; returns how many instances it now wins. */
  add(id: string, fitness: ReadonlyMap<string, number>): number {
    for (const [instance, value] of fitness) {
      const current = this.best.get(instance);
      if (current === undefined || value > current.fitness) {
        for (const loser of current?.ids ?? []) this.lose(loser);
        this.best.set(instance, { fitness: value, ids: [id] });
        this.win(id);
      } else if (
        value === current.fitness &&
        current.ids.length < this.tiesPerInstance &&
        !current.ids.includes(id)
      ) {
        current.ids.push(id);
        this.win(id);
      }
    }
    return this.wins.get(id) ?? 0;
  }

  /** Instances `id` wins. */
  instancesOf(id: string): string[] {
    return [...this.best.entries()]
      .filter(([, entry]) => entry.ids.includes(id))
      .map(([instance]) => instance);
  }

  private win(id: string): void {
    this.wins.set(id, (this.wins.get(id) ?? 0) + 1);
  }

  private lose(id: string): void {
    const count = (this.wins.get(id) ?? 0) - 1;
    if (count <= 0) this.wins.delete(id);
    else this.wins.set(id, count);
  }
}
